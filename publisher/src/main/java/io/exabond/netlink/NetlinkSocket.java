package io.exabond.netlink;

import io.exabond.internal.LibC;
import io.exabond.internal.NativeAccess;
import io.exabond.netlink.generated.Rtnetlink;
import io.exabond.netlink.generated.pollfd;
import io.exabond.netlink.generated.sockaddr_nl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@code NETLINK_ROUTE} socket subscribed to multicast groups (or to none, for requests), through FFM downcalls of
 * {@code socket(2)}, {@code setsockopt(2)}, {@code bind(2)}, {@code poll(2)}, {@code recv(2)}, {@code sendto(2)} and
 * {@code close(2)} that capture
 * {@code errno} (as {@link LibC} does). Receiving waits with {@code poll(2)} and then takes one datagram with
 * {@code MSG_DONTWAIT}, so a timeout needs no {@code SO_RCVTIMEO} (whose value depends on the libc's
 * {@code time_t}) and a caller can drain the queue without blocking.
 * <p>
 * Threading: one thread receives at a time; {@link #close()} from that thread, after it stopped receiving.
 */
public final class NetlinkSocket implements NetlinkReceiver
{
    /** Asked for with {@code SO_RCVBUF} (the kernel doubles it, capped by {@code rmem_max}): room for bursts. */
    public static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    static
    {
        // The same clear failure as the page mapping when the JVM lacks --enable-native-access.
        NativeAccess.check();
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = downcall(
        "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = downcall(
        "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcall(
        "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = downcall(
        "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = downcall(
        "recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = downcall(
        "sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment pollFd;
    private final MemorySegment kernel;
    private final int fd;
    private boolean closed;

    private NetlinkSocket(final Arena arena, final MemorySegment state, final int fd)
    {
        this.arena = arena;
        this.state = state;
        this.fd = fd;
        this.pollFd = arena.allocate(pollfd.layout());
        pollfd.fd(pollFd, fd);
        pollfd.events(pollFd, (short)Rtnetlink.POLLIN());
        this.kernel = arena.allocate(sockaddr_nl.layout());
        sockaddr_nl.nl_family(kernel, (short)Rtnetlink.AF_NETLINK());
    }

    /**
     * Opens a {@code NETLINK_ROUTE} socket and binds it to multicast groups.
     *
     * @param groups a mask of {@code RTMGRP_*} groups, e.g. {@link #linkGroup()}; 0 for a socket that only sends
     *               requests and receives their answers.
     * @return the socket.
     * @throws NetlinkException with the errno of the call that failed; the socket is closed then.
     */
    public static NetlinkSocket open(final int groups)
    {
        final Arena arena = Arena.ofShared();
        try
        {
            final MemorySegment state = LibC.errnoSegment(arena);
            final int fd = (int)SOCKET.invokeExact(state, Rtnetlink.AF_NETLINK(),
                Rtnetlink.SOCK_RAW() | Rtnetlink.SOCK_CLOEXEC(), Rtnetlink.NETLINK_ROUTE());
            if (fd < 0)
            {
                throw new NetlinkException("socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)",
                    LibC.errno(state));
            }
            final NetlinkSocket socket = new NetlinkSocket(arena, state, fd);
            try
            {
                socket.bind(groups);
                return socket;
            }
            catch (final RuntimeException e)
            {
                socket.close();
                throw e;
            }
        }
        catch (final NetlinkException e)
        {
            if (arena.scope().isAlive())
            {
                arena.close();
            }
            throw e;
        }
        catch (final Throwable t)
        {
            if (arena.scope().isAlive())
            {
                arena.close();
            }
            throw new IllegalStateException("netlink socket downcall failed", t);
        }
    }

    /**
     * @return {@code RTMGRP_LINK}: link (interface) changes.
     */
    public static int linkGroup()
    {
        return Rtnetlink.RTMGRP_LINK();
    }

    /**
     * {@inheritDoc}
     */
    public int receive(final MemorySegment buffer, final int timeoutMs)
    {
        if (closed)
        {
            throw new IllegalStateException("netlink socket is closed");
        }
        try
        {
            if (timeoutMs > 0)
            {
                final int ready = (int)POLL.invokeExact(state, pollFd, 1L, timeoutMs);
                if (ready == 0)
                {
                    return 0;
                }
                if (ready < 0)
                {
                    final int errno = LibC.errno(state);
                    return errno == Rtnetlink.EINTR() ? 0 : -errno;
                }
            }
            final long received = (long)RECV.invokeExact(state, fd, buffer, buffer.byteSize(),
                Rtnetlink.MSG_DONTWAIT());
            if (received >= 0)
            {
                return (int)received;
            }
            final int errno = LibC.errno(state);
            return errno == Rtnetlink.EAGAIN() || errno == Rtnetlink.EINTR() ? 0 : -errno;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("netlink receive downcall failed", t);
        }
    }

    /**
     * Sends one request to the kernel ({@code sendto(2)} to the netlink address of pid 0); its answers come back
     * through {@link #receive} on this socket, among any multicast messages of the groups it is bound to.
     *
     * @param message the request: one or more netlink messages, headers included.
     * @param length  how many bytes of it to send.
     * @throws NetlinkException with the errno when the kernel refused the datagram itself.
     */
    public void send(final MemorySegment message, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("netlink socket is closed");
        }
        final long sent;
        try
        {
            sent = (long)SENDTO.invokeExact(state, fd, message, (long)length, 0, kernel, (int)sockaddr_nl.sizeof());
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("netlink send downcall failed", t);
        }
        if (sent < 0)
        {
            throw new NetlinkException("sendto(NETLINK_ROUTE, " + length + " bytes)", LibC.errno(state));
        }
    }

    /**
     * Closes the socket and frees its memory; idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            LibC.close(state, fd);
            arena.close();
        }
    }

    private void bind(final int groups) throws Throwable
    {
        final MemorySegment size = arena.allocate(JAVA_INT);
        size.set(JAVA_INT, 0, RECEIVE_BUFFER_BYTES);
        // Best effort: without it the default (about 200 KiB) still holds hundreds of link messages.
        final int ignored = (int)SETSOCKOPT.invokeExact(state, fd, Rtnetlink.SOL_SOCKET(), Rtnetlink.SO_RCVBUF(),
            size, (int)JAVA_INT.byteSize());
        final MemorySegment address = arena.allocate(sockaddr_nl.layout());
        sockaddr_nl.nl_family(address, (short)Rtnetlink.AF_NETLINK());
        sockaddr_nl.nl_groups(address, groups);
        if ((int)BIND.invokeExact(state, fd, address, (int)sockaddr_nl.sizeof()) < 0)
        {
            throw new NetlinkException("bind(NETLINK_ROUTE, groups 0x" + Integer.toHexString(groups) + ")",
                LibC.errno(state));
        }
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        final MemorySegment symbol = LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, CCS);
    }
}
