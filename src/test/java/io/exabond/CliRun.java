package io.exabond.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in-process and captures what it prints.
 *
 * @param code the exit code.
 * @param out  standard output.
 * @param err  standard error.
 */
record CliRun(int code, String out, String err)
{
    static CliRun run(final String... args)
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
