package io.exabond.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest
{
    @Test
    void shouldFileWarmUpAndMeasuredFailoversByTheirPositionMissedOnesIncluded()
    {
        final LatencyRecorder recorder = new LatencyRecorder(3, 4);

        recorder.seen(0, true, 900);   // position 0: warm-up
        recorder.seen(2, true, 800);   // 1, 2 missed in warm-up; 3 measured
        recorder.missed(2);            // 4, 5 missed, measured (A to B to A)
        assertFalse(recorder.isDone());
        recorder.seen(0, false, -1);   // 6 measured, untimed
        recorder.seen(0, true, 700);   // 7: past the end, ignored

        assertTrue(recorder.isDone());
        final RoundSamples samples = recorder.samples();
        assertArrayEquals(new long[] {800}, samples.listenerNs());
        assertEquals(1, samples.warmupSeen());
        assertEquals(2, samples.warmupMissed());
        assertEquals(2, samples.seen());
        assertEquals(2, samples.missed());
        assertEquals(1, samples.untimed());
        assertEquals(8, recorder.accounted());
    }

    @Test
    void shouldKeepANegativeLatencyAsZeroAndCountIt()
    {
        final LatencyRecorder recorder = new LatencyRecorder(0, 2);

        recorder.seen(0, true, -5);
        recorder.seen(0, true, 10);

        final RoundSamples samples = recorder.samples();
        assertArrayEquals(new long[] {0, 10}, samples.listenerNs());
        assertEquals(1, samples.negative());
    }

    @Test
    void shouldKeepTheListenersEntryTheDetectionTheirHandOffAndWhenEachWasNoticed()
    {
        final LatencyRecorder recorder = new LatencyRecorder(1, 3);

        recorder.seen(0, true, 50, 40, 10, 1_000);     // warm-up: not kept
        recorder.seen(0, true, 60, 45, 15, 2_000);
        recorder.seen(0, false, -1, -1, 20, 3_000);    // untimed: no latency from publish, but its hand-off
        recorder.seen(0, true, 70, 48, 22, 4_000);

        final RoundSamples samples = recorder.samples();
        assertArrayEquals(new long[] {60, 70}, samples.listenerNs());
        assertArrayEquals(new long[] {45, 48}, samples.word0Ns());
        assertArrayEquals(new long[] {2_000, 4_000}, samples.detectedNs());
        assertArrayEquals(new long[] {15, 20, 22}, samples.handoffNs());
        assertArrayEquals(new long[] {2_000, 3_000, 4_000}, samples.handoffDetectedNs());
        assertArrayEquals(new long[] {-1, -1}, unknownMoments().detectedNs(),
            "unknown moments (the C poller's) stay -1");
    }

    private static RoundSamples unknownMoments()
    {
        final LatencyRecorder recorder = new LatencyRecorder(0, 2);
        recorder.seen(0, true, 10);
        recorder.seen(0, true, 20);
        return recorder.samples();
    }
}
