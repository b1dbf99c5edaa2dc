package io.exabond.cli;

import io.exabond.page.BondPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code exabond status}: word 0 and the status block of a page, once.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show which slave of a bond is active (word 0) and, when the page has one, its status block: " +
        "members, generation, age of the last change and of the heartbeat. Exit 3 when the publisher looks stalled.")
final class StatusCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PageTarget target;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (BondPage page = target.open(spec))
        {
            final PageView view = PageFaults.guard(page, () -> PageView.read(page));
            out.print(json ? view.json() + System.lineSeparator() : view.text());
            out.flush();
            if (view.problem() != null)
            {
                err.println("status: " + page.path() + " has no valid status block: " + view.problem());
            }
            else if (view.isStalled())
            {
                err.println("status: warning: the publisher of " + page.path() + " looks stalled (" +
                    (view.hasBlock() ? "heartbeat " + Durations.format(view.snapshot().heartbeatAgeNs(view.nowNs())) +
                    " old, more than 3 monitor intervals" : "seqlock left odd") +
                    "). Is the simulator or bridge still running?");
            }
            return view.exitCode();
        }
    }
}
