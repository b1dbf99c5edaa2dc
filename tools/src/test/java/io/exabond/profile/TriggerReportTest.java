package io.exabond.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.json.StrictJson;
import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.FailoverBudget;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of a trigger profile, on results made up here: the chain's rows and doctor's bound follow from the
 * trigger's kind and the page, the goals from the figures alone.
 */
class TriggerReportTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldPutTheDetectionInTheBoundOfALinkLossOnly()
    {
        final FailoverBudget budget = budget(1_000);
        final ReportModel carrier = ReportModel.of(result(TriggerKind.CARRIER, false, budget, 150 * MS, 0));
        final ReportModel write = ReportModel.of(result(TriggerKind.ACTIVE_SLAVE, false, budget, 150 * MS, 0));

        assertEquals(100 + 100 + 0.001, carrier.trigger().predictedMs(), 1e-9, "miimon + exasock's interval + poll");
        assertEquals(100 + 0.001, write.trigger().predictedMs(), 1e-9, "an active_slave write skips the detection");
        assertEquals(List.of("the trigger itself", "bonding driver detection", "exasock monitor interval",
            "poll delay", "listener call", "the whole chain"), terms(carrier));
        assertEquals(100, carrier.trigger().chain().get(1).predictedMs());
        assertEquals(0, write.trigger().chain().get(1).predictedMs());
        assertEquals(TriggerSeries.TO_WORD0_SEEN, carrier.trigger().chain().get(2).measured().kind(),
            "a kernel page has no publisher time: the publisher's row holds trigger -> word 0 seen");
        assertNull(carrier.trigger().chain().get(3).measured(), "nor a poll delay apart");
    }

    @Test
    void shouldJudgeTheSlowestFailoverAgainstDoctorsBoundAndCountTimeouts()
    {
        final ReportModel within = ReportModel.of(result(TriggerKind.CARRIER, true, budget(1_000), 150 * MS, 0));
        final ReportModel over = ReportModel.of(result(TriggerKind.CARRIER, true, budget(1_000), 250 * MS, 2));

        assertEquals(List.of("trigger_within_budget", "trigger_timeouts"), within.goals().stream().map(Goal::name)
            .toList());
        assertEquals(Boolean.TRUE, within.goals().get(0).met());
        assertEquals(Boolean.TRUE, within.goals().get(1).met());
        assertEquals(Boolean.FALSE, over.goals().get(0).met(), "250 ms over a bound of 200.001 ms");
        assertEquals((250 - 0.05) / 200.001, over.goals().get(0).measured(), 1e-12, "the slowest from its " +
            "trigger's return (each trigger took 50 us) over the bound");
        assertEquals(Boolean.FALSE, over.goals().get(1).met());
        assertEquals(2.0, over.goals().get(1).measured());
        assertEquals(TriggerSeries.TO_PUBLISH, over.trigger().chain().get(2).measured().kind(),
            "a page with a block: the publisher's own time");
        assertEquals(TriggerSeries.PUBLISH_TO_WORD0_SEEN, over.trigger().chain().get(3).measured().kind());
    }

    @Test
    void shouldRenderTheChainInTheTextTheJsonAndTheHtmlAlike()
    {
        final ReportModel model = ReportModel.of(result(TriggerKind.ACTIVE_SLAVE, true, budget(-1), 3 * MS, 1));

        final StringWriter text = new StringWriter();
        new TextReport(model).print(new PrintWriter(text));
        final JsonNode json = StrictJson.parse(SummaryJson.write(model)).get("trigger");
        final String html = new HtmlReport(model).render();

        assertTrue(text.toString().contains("floor:     not measured"), text.toString());
        assertTrue(text.toString().contains("failovers: 10 asked, 9 reached the listener, 1 timed out"),
            text.toString());
        for (final ReportModel.ChainTerm term : model.trigger().chain())
        {
            assertTrue(text.toString().contains("  " + term.term() + ":"), term.term());
            assertTrue(html.contains("<tr><td>" + term.term().replace(">", "&gt;") + "</td>"), term.term());
        }
        assertEquals(6, json.get("chain").size());
        assertEquals(9, json.get("trigger_to_listener_ns").get("count").longValue());
        assertEquals(1, json.get("timeouts").longValue());
        assertTrue(json.get("chain").get(3).get("predicted_ms").isNull(), "no poll delay known");
        assertFalse(html.contains("As multiples of the floor"), "no floor");
        assertTrue(html.contains("The chain, beside doctor's prediction"));
    }

    private FailoverBudget budget(final long pollDelayNs)
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host-" + pollDelayNs));
        return FailoverBudget.of(host.sysfs(), state(host), -1, null, pollDelayNs, "given");
    }

    private static BondState state(final FakeSysfs host)
    {
        return BondReader.read(host.sysfs(), "bond0");
    }

    /**
     * Nine failovers that reached the listener, the slowest {@code slowestNs} after its trigger (each trigger's call
     * took 50 us), and the timeouts.
     */
    private TriggerResult result(final TriggerKind kind, final boolean block, final FailoverBudget budget,
        final long slowestNs, final long timeouts)
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("result-" + kind + block + slowestNs));
        final TriggerSamples samples = new TriggerSamples(9);
        for (int i = 1; i <= 9; i++)
        {
            final long t0 = i * 1_000 * MS;
            final long entry = t0 + (i == 9 ? slowestNs : slowestNs / 2);
            samples.add(t0, t0 + 50_000, block ? entry - 2 * MS : -1, entry - 5_000, entry);
        }
        final TriggerOptions options = new TriggerOptions("bond0", dir.resolve("page"), host.sys(), kind,
            (int)(9 + timeouts), 2, 20, 220, 5_000, "spin", -1, budget.pollDelayNs(), 1, dir.resolve("out"), false,
            "exabond profile bond0 --trigger " + (9 + timeouts) + " --yes");
        return new TriggerResult(options, new MachineInfo(2, "a test CPU", "6.1.0", "25", "tsc", "0.50 0.40 0.30"),
            "0.70 0.45 0.31", 24.4, state(host), dir.resolve("page").toString(), block, "a test publisher", budget,
            20, 220, 5_000, 11 + timeouts, 2, 0, 9, timeouts, 0, samples.negative(), samples.slowestAfterReturnNs(),
            samples.series(), false,
            List.of(), 12_345);
    }

    private static List<String> terms(final ReportModel model)
    {
        final List<String> terms = new ArrayList<>();
        model.trigger().chain().forEach(term -> terms.add(term.term()));
        return terms;
    }
}
