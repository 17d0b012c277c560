package io.ipc4j.internal.manager;

/**
 * What every adapter is: a counted reference to its server object, which travels, and a
 * proxy of the object's api interface, made again in each process on first use.
 */
abstract class ManagedHandle<A> {
    final ManagedRef ref;
    private final Class<A> apiType;
    private transient volatile A api;

    ManagedHandle(ManagedRef ref, Class<A> apiType) {
        this.ref = ref;
        this.apiType = apiType;
    }

    final A api() {
        A a = api;
        if (a == null) {
            a = ref.proxy(apiType);
            api = a;
        }
        return a;
    }

    /** The class name and the managed object's id, with no round trip. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + ref.typeId() + "#" + ref.id() + "]";
    }
}
