package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.ref.Reference;

/**
 * Writes a {@link ManagedRef} so that its object stays alive until the reader holds a count:
 * <ul>
 * <li>an argument of a call to the object's own server ({@link #ARG}) needs no count of its
 *     own: the caller's reference keeps the object alive until the server has read it, and the
 *     server takes a count for itself as it reads;</li>
 * <li>a reference the server writes into the reply of a call ({@link #COUNTED}) is counted for
 *     the caller's process as it is written;</li>
 * <li>anything else ({@link #IN_FLIGHT}: a target, a pool task, a queue item) takes an
 *     "in-flight" count as it is written, which the reader takes over. A copy that is never
 *     read keeps its object alive until the server stops: the leak CPython has too.</li>
 * </ul>
 */
public final class ManagedRefSerializer extends Serializer<ManagedRef> {
    static final byte ARG = 0;
    static final byte COUNTED = 1;
    static final byte IN_FLIGHT = 2;

    public ManagedRefSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, ManagedRef ref) {
        byte mode;
        Object scope = CodecScope.current();
        if (ref.server != null) {
            if (scope instanceof CodecScope.ServerSide s && s.server() == ref.server) {
                ref.server.table.countFor(s.session(), ref.id);
                if (s.counted() != null) {
                    s.counted().add(ref.id);
                }
                mode = COUNTED;
            } else {
                ref.server.table.countInFlight(ref.id);
                mode = IN_FLIGHT;
            }
        } else if (scope == ref.client) {
            mode = ARG;
        } else {
            ref.client.countInFlight(ref.id);
            mode = IN_FLIGHT;
        }
        out.writeByte(mode);
        out.writeLong(ref.serverId);
        out.writeString(ref.address);
        out.writeString(ref.keyContext); // never the key itself: the reader knows it (see ManagerKeys)
        out.writeString(ref.typeId);
        out.writeVarLong(ref.id, true);
        Reference.reachabilityFence(ref);
    }

    @Override
    public ManagedRef read(Kryo kryo, Input in, Class<? extends ManagedRef> type) {
        byte mode = in.readByte();
        long serverId = in.readLong();
        String address = in.readString();
        String keyContext = in.readString();
        String typeId = in.readString();
        long id = in.readVarLong(true);
        Object scope = CodecScope.current();
        if (scope instanceof CodecScope.ServerSide s && s.server().serverId == serverId) {
            if (mode == COUNTED) {
                throw new KryoException("a manager server received a reference counted for a client");
            }
            s.server().table.hold(id, mode == IN_FLIGHT);
            return ManagedRef.held(s.server(), typeId, id);
        }
        if (mode == ARG) {
            throw new KryoException("a reference sent to its manager's server was read elsewhere");
        }
        if (mode == COUNTED) {
            ManagerClient client = scope instanceof ManagerClient c && c.serverId == serverId ? c
                    : ManagerClient.existing(serverId);
            return ManagedRef.counted(client, typeId, id);
        }
        ManagerClient client = ManagerClient.received(serverId, address, keyContext);
        client.adopt(id);
        return ManagedRef.counted(client, typeId, id);
    }
}
