package io.exabond.internal;

/**
 * Fails fast, with the flag to add, when the JVM was started without native access for this library. Without the
 * flag JDK 25 only prints a warning at the first downcall, which is easy to miss in a feed handler's log, and a
 * later JDK refuses the call.
 */
public final class NativeAccess
{
    // Taken before this library makes its first restricted call: the jextract bindings make one when they load
    // (C_POINTER's withTargetLayout), and without the flag JDK 25 then warns and enables native access for the
    // module, after which isNativeAccessEnabled() would say yes. PageLayout loads this class before the bindings.
    private static final boolean ENABLED_AT_LOAD = NativeAccess.class.getModule().isNativeAccessEnabled();

    private NativeAccess()
    {
    }

    /**
     * Loads this class, so that it sees the JVM's native-access setting before the bindings' first restricted call.
     *
     * @return whether native access was enabled for this library's module when this class loaded.
     */
    public static boolean enabledAtLoad()
    {
        return ENABLED_AT_LOAD;
    }

    /**
     * @throws IllegalCallerException naming {@code --enable-native-access} in both its class-path and module-path
     *                                forms when native access is not enabled for this library's module.
     */
    public static void check()
    {
        final Module module = NativeAccess.class.getModule();
        if (!ENABLED_AT_LOAD || !module.isNativeAccessEnabled())
        {
            final String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new IllegalCallerException("exabond-panama maps pages with mmap(2) through the Foreign Function " +
                "and Memory API, which needs native access: start java with --enable-native-access=" + name +
                (module.isNamed() ? "" :
                " (on the class path; on the module path: --enable-native-access=io.exabond)"));
        }
    }
}
