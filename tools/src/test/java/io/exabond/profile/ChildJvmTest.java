package io.exabond.profile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChildJvmTest
{
    @Test
    void shouldPassTheUsersJvmOptionsButNotTheLaunchersAotCacheToAChild()
    {
        final List<String> parent = List.of(
            "-XX:AOTCache=/repo/target/exabond/exabond.aot", "-Xlog:aot*=off", "--enable-native-access=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xlog:gc:file=/tmp/gc-%p.log", "-XX:+UseSerialGC", "-XX:AOTMode=auto", "-XX:+AOTClassLinking",
            "-XX:SharedArchiveFile=/tmp/app.jsa", "-Djava.class.path=/ignored", "-Dexabond.marker=1");

        final List<String> command = ChildJvm.command("/jdk/bin/java", parent, List.of("profile-child", "echo"));

        assertEquals(List.of("/jdk/bin/java", "-Xlog:gc:file=/tmp/gc-%p.log", "-XX:+UseSerialGC",
            "-Dexabond.marker=1", "--enable-native-access=ALL-UNNAMED", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            ChildJvm.MAIN_CLASS, "profile-child", "echo"), command);
    }
}
