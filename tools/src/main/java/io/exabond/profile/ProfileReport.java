package io.exabond.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link ProfileResult} into the tables on stdout and the files in the output folder: one {@code .hgrm} per
 * poller and latency series (HdrHistogram's percentile distribution, in ns), {@code summary.json} and a
 * self-contained {@code report.html}. All three read one {@link ReportModel}, computed here once.
 */
public final class ProfileReport
{
    private final ReportModel model;
    private final Path dir;

    /**
     * @param result what was measured.
     */
    public ProfileReport(final ProfileResult result)
    {
        this.model = ReportModel.of(result);
        this.dir = result.options().out();
    }

    /**
     * @param result what a trigger profile measured.
     */
    public ProfileReport(final TriggerResult result)
    {
        this.model = ReportModel.of(result);
        this.dir = result.options().out();
    }

    /**
     * Prints the tables.
     *
     * @param out standard output.
     */
    public void print(final PrintWriter out)
    {
        new TextReport(model).print(out);
    }

    /**
     * Writes the {@code .hgrm} files, {@code summary.json} and {@code report.html} into the output folder.
     *
     * @return the files written.
     * @throws IOException when one cannot be written.
     */
    public List<Path> write() throws IOException
    {
        Files.createDirectories(dir);
        final List<Path> written = new ArrayList<>();
        for (final ReportModel.Poller poller : model.pollers())
        {
            for (final ReportModel.Latency latency : poller.latencies())
            {
                final Path file = dir.resolve(hgrmName(poller, latency));
                writeHgrm(file, poller.name(), latency);
                written.add(file);
            }
        }
        final Path json = dir.resolve("summary.json");
        Files.writeString(json, SummaryJson.write(model));
        written.add(json);
        final Path html = dir.resolve("report.html");
        Files.writeString(html, new HtmlReport(model).render());
        written.add(html);
        return written;
    }

    /**
     * @return {@code <poller>.hgrm} for the first series (publish to listener entry, what the application
     * experiences); {@code <poller>.<series id>.hgrm} for the others.
     */
    static String hgrmName(final ReportModel.Poller poller, final ReportModel.Latency latency)
    {
        return poller.name() + (latency == poller.primary() ? "" : "." + latency.kind().id()) + ".hgrm";
    }

    private static void writeHgrm(final Path file, final String poller, final ReportModel.Latency latency)
        throws IOException
    {
        try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            if (latency.count() > 0)
            {
                latency.series().histogram().outputPercentileDistribution(stream, 1.0);
            }
            else
            {
                stream.println("# no timed failovers recorded for " + poller);
            }
        }
    }
}
