package io.exabond.profile;

import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmThreadActivityTest
{
    @Test
    void shouldCountTheThreadsThatRanDuringARoundButNotThePoller() throws Exception
    {
        final JvmThreadActivity activity = new JvmThreadActivity();
        final Thread other = Thread.ofPlatform().name("noisy-helper").unstarted(JvmThreadActivityTest::wakeTenTimes);
        final Thread poller = Thread.ofPlatform().name("exabond-poller-x")
            .unstarted(JvmThreadActivityTest::wakeTenTimes);

        activity.beforeRound();
        other.start();
        poller.start();
        // Each wakes ten times, then parks for good (WAITING), still alive so that /proc still lists it.
        while (other.getState() != Thread.State.WAITING || poller.getState() != Thread.State.WAITING)
        {
            Thread.sleep(5);
        }
        activity.afterRound(JavaRound.THREAD_PREFIX);
        LockSupport.unpark(other);
        LockSupport.unpark(poller);
        other.join();
        poller.join();

        final String text = JvmThreadActivity.describe(activity.woken());
        final Long helper = activity.woken().get("noisy-helper");
        assertTrue(helper != null && helper >= 10, text);
        assertNull(activity.woken().get("exabond-poller-x"), "the poller is what is measured: " + text);
        assertTrue(text.contains("noisy-helper " + helper), text);
        assertFalse(text.contains("exabond-poller"), text);
    }

    @Test
    void shouldSayNoneWhenNothingWasCounted()
    {
        assertEquals("none", JvmThreadActivity.describe(new JvmThreadActivity().woken()));
    }

    private static void wakeTenTimes()
    {
        for (int i = 0; i < 10; i++)
        {
            LockSupport.parkNanos(1_000_000);
        }
        LockSupport.park();
    }
}
