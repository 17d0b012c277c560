package io.ipc4j.internal.process;

import io.ipc4j.SerializableBiConsumer;
import io.ipc4j.SerializableConsumer;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.wire.ObjectCodec;

/**
 * A target with its arguments bound, as a child runs it. The lambdas live in this small
 * class, not in {@code Context}: a child reads a lambda by reflecting on the class that made
 * it, and reflecting on {@code Context} loads every type its methods name (about twenty
 * classes, several milliseconds of a spare's hand-off).
 */
public final class BoundTargets {
    private BoundTargets() {
    }

    /** {@code target.accept(a)}, to run in a child. */
    public static <A> SerializableRunnable of(SerializableConsumer<A> target, A a) {
        return () -> target.accept(a);
    }

    /** {@code target.accept(a, b)}, to run in a child. */
    public static <A, B> SerializableRunnable of(SerializableBiConsumer<A, B> target, A a, B b) {
        return () -> target.accept(a, b);
    }

    /** Reads one target of each shape, for a spare before it has one: the first real one is then read warm. */
    static void warmUp() throws Exception {
        SerializableConsumer<Object> one = x -> { };
        SerializableBiConsumer<Object, Object> two = (x, y) -> { };
        ((SerializableRunnable) ObjectCodec.fromBytes(ObjectCodec.toBytes(of(one, "a")))).run();
        ((SerializableRunnable) ObjectCodec.fromBytes(ObjectCodec.toBytes(of(two, "a", "b")))).run();
    }
}
