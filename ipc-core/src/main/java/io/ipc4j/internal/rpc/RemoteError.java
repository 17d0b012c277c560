package io.ipc4j.internal.rpc;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.IpcException;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;

/** An error the coordinator reports for a request, rebuilt as the exception type it named. */
public final class RemoteError {
    public static final byte ILLEGAL_STATE = 1;
    public static final byte ILLEGAL_ARGUMENT = 2;
    public static final byte IPC = 3;
    /** The other end is gone: {@link io.ipc4j.ConnectionEOFException}. */
    public static final byte EOF = 4;

    private RemoteError() {
    }

    public static void encode(FrameWriter w, byte kind, String message) {
        w.putByte(kind).putString(message);
    }

    static RuntimeException decode(FrameReader r) {
        byte kind = r.getByte();
        String msg = r.getString();
        switch (kind) {
            case ILLEGAL_STATE:
                return new IllegalStateException(msg);
            case ILLEGAL_ARGUMENT:
                return new IllegalArgumentException(msg);
            case EOF:
                return new ConnectionEOFException(msg);
            default:
                return new IpcException(msg);
        }
    }
}
