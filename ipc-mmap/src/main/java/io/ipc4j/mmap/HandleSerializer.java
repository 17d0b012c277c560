package io.ipc4j.mmap;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.FieldSerializer;

/**
 * How shared-object handles travel: Kryo's field serializer, and on arrival in the process
 * that made the object, the copy is tied to its block again (see {@link SharedHeap}), so
 * that the block stays while the copy is in use even when the original is dropped.
 * Named by {@link com.esotericsoftware.kryo.DefaultSerializer} on each handle class.
 */
public final class HandleSerializer extends FieldSerializer<MappedHandle> {

    /** Made by Kryo for each handle class. */
    public HandleSerializer(Kryo kryo, Class<MappedHandle> type) {
        super(kryo, type);
    }

    @Override
    public MappedHandle read(Kryo kryo, Input input, Class<? extends MappedHandle> type) {
        MappedHandle h = super.read(kryo, input, type);
        h.findBlock();
        return h;
    }
}
