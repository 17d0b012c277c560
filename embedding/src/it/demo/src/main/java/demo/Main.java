package demo;

/** The program a new user writes: starts a child and a pool, prints what came back. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println(Demo.run());
    }
}
