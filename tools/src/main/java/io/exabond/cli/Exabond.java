package io.exabond.cli;

import io.exabond.sysfs.InterfaceName;
import io.exabond.page.PageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * The {@code exabond} command line: sub-commands, and the one place where errors become one line on stderr and an
 * exit code (see {@link ExitCode}); a stack trace is printed only with {@code EXABOND_DEBUG=1}.
 */
@Command(
    name = "exabond",
    mixinStandardHelpOptions = true,
    versionProvider = Exabond.Version.class,
    description = "Zero-copy view of the active link of an exasock-managed SmartNIC bond.",
    subcommands = {
        SimulateCommand.class,
        StatusCommand.class,
        WatchCommand.class,
        StatCommand.class,
        BondsCommand.class,
        ManageCommand.class,
        UnmanageCommand.class,
        DoctorCommand.class,
        BridgeCommand.class,
        ProfileCommand.class,
        ProfileChildCommand.class,
        CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:fine",
        "1:error (the message says what and how to fix it)",
        "2:bad usage",
        "3:publisher stalled",
        "4:doctor found problems"
    })
public final class Exabond implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given output streams.
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args the arguments.
     * @return the exit code.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new Exabond());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(Exabond::onError);
        commandLine.setParameterExceptionHandler(Exabond::onBadUsage);
        // No @argument files: `exabond status @/dev/zero` would read for ever, and nothing here needs them.
        commandLine.setExpandAtFiles(false);
        final int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Without a sub-command: print the usage and fail as bad usage.
     */
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a sub-command is required");
    }

    private static int onBadUsage(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(ex.getMessage()));
        if (commandLine.getSubcommands().isEmpty() || commandLine.getParent() != null)
        {
            err.println("Try '" + name + " --help'.");
        }
        else
        {
            commandLine.usage(err);
        }
        return ExitCode.USAGE;
    }

    private static int onError(final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parse)
    {
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().qualifiedName();
        if ("1".equals(System.getenv("EXABOND_DEBUG")))
        {
            ex.printStackTrace(err);
        }
        if (ex instanceof UserException user)
        {
            err.println(name + ": " + oneLine(user.getMessage()));
            return user.exitCode();
        }
        if (ex instanceof PageException || ex instanceof IllegalArgumentException ||
            ex instanceof IllegalCallerException)
        {
            err.println(name + ": " + oneLine(ex.getMessage()));
            return ExitCode.ERROR;
        }
        err.println(name + ": unexpected error: " + oneLine(ex.toString()) +
            " (run with EXABOND_DEBUG=1 for the stack trace)");
        return ExitCode.ERROR;
    }

    /**
     * Messages echo arguments ("Unmatched argument 'X'", "bad --member 'X'"): a newline or an escape sequence given
     * as an argument is shown escaped, so that the error stays one line and cannot drive the terminal. Only control
     * characters are touched; text a message already quoted is left as it is.
     */
    private static String oneLine(final String message)
    {
        if (message == null)
        {
            return "null";
        }
        final StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++)
        {
            final char c = message.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F)
            {
                out.append(InterfaceName.printable(String.valueOf(c)));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Reads the version Maven wrote into {@code io/exabond/version.properties}.
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion() throws IOException
        {
            final Properties properties = new Properties();
            try (InputStream in = Exabond.class.getResourceAsStream("/io/exabond/version.properties"))
            {
                if (in != null)
                {
                    properties.load(in);
                }
            }
            return new String[] {
                "exabond " + properties.getProperty("version", "unknown"),
                "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
