/*
 * The netlink headers as gcc compiles them on this machine, for NetlinkAbiDriftTest: one "name value" line per
 * struct size, field offset and size, constant of jextract/netlink-includes.txt, and result of the function-like
 * macros that io.exabond.netlink.NetlinkMacros writes by hand. Keep the lists in step with netlink-includes.txt:
 * the test fails on a constant or field that is generated but not printed here.
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>

#define STRUCT(s) printf("sizeof.%s %zu\n", #s, sizeof(struct s))
#define FIELD(s, f) printf("offsetof.%s.%s %zu\nfieldsize.%s.%s %zu\n", #s, #f, offsetof(struct s, f), #s, #f, \
    sizeof(((struct s *)0)->f))
#define CONSTANT(c) printf("const.%s %lld\n", #c, (long long)(c))
/* Constants that io.exabond.netlink.LinkControl writes by hand (jextract's includes do not have them). */
#define HAND_CONSTANT(c) printf("handconst.%s %lld\n", #c, (long long)(c))
#define MACRO(m, n) printf("macro.%s.%d %lld\n", #m, n, (long long)m(n))

int main(void)
{
    int n;
    struct nlmsghdr *header = (struct nlmsghdr *)0x1000;
    STRUCT(nlmsghdr);
    FIELD(nlmsghdr, nlmsg_len);
    FIELD(nlmsghdr, nlmsg_type);
    FIELD(nlmsghdr, nlmsg_flags);
    FIELD(nlmsghdr, nlmsg_seq);
    FIELD(nlmsghdr, nlmsg_pid);
    STRUCT(ifinfomsg);
    FIELD(ifinfomsg, ifi_family);
    FIELD(ifinfomsg, __ifi_pad);
    FIELD(ifinfomsg, ifi_type);
    FIELD(ifinfomsg, ifi_index);
    FIELD(ifinfomsg, ifi_flags);
    FIELD(ifinfomsg, ifi_change);
    STRUCT(rtattr);
    FIELD(rtattr, rta_len);
    FIELD(rtattr, rta_type);
    STRUCT(nlmsgerr);
    FIELD(nlmsgerr, error);
    FIELD(nlmsgerr, msg);
    STRUCT(sockaddr_nl);
    FIELD(sockaddr_nl, nl_family);
    FIELD(sockaddr_nl, nl_pad);
    FIELD(sockaddr_nl, nl_pid);
    FIELD(sockaddr_nl, nl_groups);
    STRUCT(pollfd);
    FIELD(pollfd, fd);
    FIELD(pollfd, events);
    FIELD(pollfd, revents);
    CONSTANT(AF_NETLINK);
    CONSTANT(EACCES);
    CONSTANT(EAFNOSUPPORT);
    CONSTANT(EAGAIN);
    CONSTANT(EINTR);
    CONSTANT(ENOBUFS);
    CONSTANT(EPERM);
    CONSTANT(EPROTONOSUPPORT);
    CONSTANT(IFLA_EVENT);
    CONSTANT(IFLA_EVENT_BONDING_FAILOVER);
    CONSTANT(IFLA_EVENT_BONDING_OPTIONS);
    CONSTANT(IFLA_EVENT_IGMP_RESEND);
    CONSTANT(IFLA_EVENT_NOTIFY_PEERS);
    CONSTANT(IFLA_IFNAME);
    CONSTANT(IFLA_MASTER);
    CONSTANT(MSG_DONTWAIT);
    CONSTANT(NETLINK_ROUTE);
    CONSTANT(NLMSG_ALIGNTO);
    CONSTANT(NLMSG_DONE);
    CONSTANT(NLMSG_ERROR);
    CONSTANT(NLMSG_HDRLEN);
    CONSTANT(NLMSG_NOOP);
    CONSTANT(NLMSG_OVERRUN);
    CONSTANT(POLLIN);
    CONSTANT(RTA_ALIGNTO);
    CONSTANT(RTMGRP_LINK);
    CONSTANT(RTM_DELLINK);
    CONSTANT(RTM_NEWLINK);
    CONSTANT(SOCK_CLOEXEC);
    CONSTANT(SOCK_RAW);
    CONSTANT(SOL_SOCKET);
    CONSTANT(SO_RCVBUF);
    HAND_CONSTANT(AF_UNSPEC);
    HAND_CONSTANT(ETIMEDOUT);
    HAND_CONSTANT(IFF_UP);
    HAND_CONSTANT(NLM_F_ACK);
    HAND_CONSTANT(NLM_F_REQUEST);
    for (n = 0; n <= 40; n++)
    {
        MACRO(NLMSG_ALIGN, n);
        MACRO(NLMSG_LENGTH, n);
        MACRO(NLMSG_SPACE, n);
        MACRO(RTA_ALIGN, n);
        MACRO(RTA_LENGTH, n);
        MACRO(RTA_SPACE, n);
    }
    printf("macro.RTA_LENGTH_0 %lld\n", (long long)RTA_LENGTH(0));
    printf("macro.IFLA_RTA_OFFSET %lld\n",
        (long long)((char *)IFLA_RTA((struct ifinfomsg *)NLMSG_DATA(header)) - (char *)header));
    return 0;
}
