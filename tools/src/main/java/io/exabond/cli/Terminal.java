package io.exabond.cli;

import io.exabond.internal.NativeAccess;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Whether a file descriptor is a terminal, by {@code isatty(3)}. {@link System#console()} cannot tell: it is about
 * standard input and output, so it would draw a progress bar into {@code 2>log} and none for {@code | tee}.
 */
final class Terminal
{
    /** Standard error's file descriptor. */
    static final int STDERR = 2;

    private Terminal()
    {
    }

    /**
     * @param fd a file descriptor of this process.
     * @return whether it is open on a terminal.
     */
    static boolean isTerminal(final int fd)
    {
        try
        {
            return (int)Holder.ISATTY.invokeExact(fd) == 1;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("isatty downcall failed", t);
        }
    }

    /**
     * Made on first use, after the native-access check: a command that never asks needs no native access for it.
     */
    private static final class Holder
    {
        static final MethodHandle ISATTY;

        static
        {
            NativeAccess.check();
            final Linker linker = Linker.nativeLinker();
            ISATTY = linker.downcallHandle(linker.defaultLookup().find("isatty")
                .orElseThrow(() -> new IllegalStateException("libc has no symbol isatty")),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        }
    }
}
