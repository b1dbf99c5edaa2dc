package io.exabond.sysfs;

/**
 * One thing {@code doctor} found.
 *
 * @param severity how bad it is.
 * @param code     a stable identifier, e.g. {@code monitors-off} (docs/bond-management.md lists them all).
 * @param subject  the bond or interface concerned, or {@code host}.
 * @param message  what is wrong or worth knowing, one sentence.
 * @param fix      the exact command that fixes it, or null when there is nothing to fix.
 */
public record Finding(Severity severity, String code, String subject, String message, String fix)
{
}
