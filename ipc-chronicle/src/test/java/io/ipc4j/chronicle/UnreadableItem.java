package io.ipc4j.chronicle;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** An item that serializes and fails to deserialize everywhere, as one whose class a consumer lacks. */
final class UnreadableItem implements KryoSerializable {
    @Override
    public void write(Kryo kryo, Output output) {
        output.writeInt(42);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        throw new IllegalStateException("this item refuses to be read");
    }
}
