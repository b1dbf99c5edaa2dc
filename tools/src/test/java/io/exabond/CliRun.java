package io.exabond;

import io.exabond.cli.Exabond;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in-process and captures what it prints.
 *
 * @param code the exit code.
 * @param out  standard output.
 * @param err  standard error.
 */
public record CliRun(int code, String out, String err)
{
    /**
     * @param args arguments of {@code exabond}.
     * @return what it printed and its exit code.
     */
    public static CliRun run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Exabond.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public String toString()
    {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
