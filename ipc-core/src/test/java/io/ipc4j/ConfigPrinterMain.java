package io.ipc4j;

/** Prints the resolved settings named on the command line, for {@link ConfigTest}. */
public final class ConfigPrinterMain {
    private ConfigPrinterMain() {
    }

    public static void main(String[] args) {
        Config c = Config.load(java.util.Map.of());
        for (String key : args) {
            System.out.println(key + "=" + c.get(key));
        }
    }
}
