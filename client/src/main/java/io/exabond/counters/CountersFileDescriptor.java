package io.exabond.counters;

import org.agrona.SemanticVersion;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of a process's counters file, in one place (as Aeron's {@code CncFileDescriptor} lays out its CnC file):
 * a header, then the metadata and the values buffers of an Agrona {@code CountersManager}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            layout version (semantic), stored last; 0 = not ready |  0
 *  +---------------------------------------------------------------+
 *  |            header length                                      |  4
 *  +---------------------------------------------------------------+
 *  |            metadata buffer length                             |  8
 *  +---------------------------------------------------------------+
 *  |            values buffer length                               | 12
 *  +---------------------------------------------------------------+
 *  |            pid of the process that writes the file            | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            the process's start time, ms since the epoch       | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            command line, NUL padded, 96 bytes                ... 32
 *  +---------------------------------------------------------------+
 *  |            metadata buffer: 512 bytes a counter              ... 128
 *  +---------------------------------------------------------------+
 *  |            values buffer: 128 bytes a counter                ...
 *  +---------------------------------------------------------------+
 * </pre>
 * All integers are little-endian. The writer fills the header and the buffers, then stores the version with release
 * ordering; a reader loads it with acquire ordering and reads nothing of a file whose version is 0 (being created) or
 * of another major version. The pid and start time tell whether the writer still runs ({@code ProcessHandle}), so that
 * a file left by a killed process is shown as such, not as zeros.
 */
public final class CountersFileDescriptor
{
    /** Major version: a reader refuses a file of another major. */
    public static final int MAJOR_VERSION = 1;
    /** Minor version. */
    public static final int MINOR_VERSION = 0;
    /** Patch version. */
    public static final int PATCH_VERSION = 0;
    /** The version this library writes. */
    public static final int LAYOUT_VERSION = SemanticVersion.compose(MAJOR_VERSION, MINOR_VERSION, PATCH_VERSION);

    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the header's length. */
    public static final int HEADER_LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Offset of the metadata buffer's length. */
    public static final int METADATA_LENGTH_OFFSET = HEADER_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the values buffer's length. */
    public static final int VALUES_LENGTH_OFFSET = METADATA_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the writer's pid. */
    public static final int PID_OFFSET = VALUES_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the writer's start time. */
    public static final int START_TIME_OFFSET = PID_OFFSET + Long.BYTES;
    /** Offset of the writer's command line. */
    public static final int COMMAND_OFFSET = START_TIME_OFFSET + Long.BYTES;
    /** Bytes of the command line, NUL padded. */
    public static final int COMMAND_LENGTH = 96;
    /** Bytes of the header: two cache lines. */
    public static final int HEADER_LENGTH = COMMAND_OFFSET + COMMAND_LENGTH;

    /** Counters a file holds. */
    public static final int MAX_COUNTERS = 256;
    /** Bytes of the metadata buffer. */
    public static final int METADATA_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
    /** Bytes of the values buffer. */
    public static final int VALUES_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
    /** Bytes of a whole file. */
    public static final int FILE_LENGTH = HEADER_LENGTH + METADATA_LENGTH + VALUES_LENGTH;

    /** How a counters file is named, followed by the writer's pid. */
    public static final String FILE_PREFIX = "exabond-counters-";

    private CountersFileDescriptor()
    {
    }

    /**
     * @param file the whole mapped file.
     * @return its metadata buffer, a view.
     */
    public static UnsafeBuffer metadataBuffer(final UnsafeBuffer file)
    {
        return new UnsafeBuffer(file, HEADER_LENGTH, file.getInt(METADATA_LENGTH_OFFSET));
    }

    /**
     * @param file the whole mapped file.
     * @return its values buffer, a view.
     */
    public static UnsafeBuffer valuesBuffer(final UnsafeBuffer file)
    {
        final int metadataLength = file.getInt(METADATA_LENGTH_OFFSET);
        return new UnsafeBuffer(file, HEADER_LENGTH + metadataLength, file.getInt(VALUES_LENGTH_OFFSET));
    }

    /**
     * @param version a file's layout version.
     * @return null when this library reads it, else why not, with both versions.
     */
    public static String checkVersion(final int version)
    {
        if (SemanticVersion.major(version) != MAJOR_VERSION)
        {
            return "counters layout version app=" + SemanticVersion.toString(LAYOUT_VERSION) + " file=" +
                SemanticVersion.toString(version);
        }
        return null;
    }
}
