package io.ipc4j.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A list of class names kept as a resource: one per line, {@code #} starting a comment line. */
public final class ClassNameList {
    private ClassNameList() {
    }

    /** The names in {@code list}, which is closed; none when it is null (the resource is absent). */
    public static List<String> read(InputStream list) {
        if (list == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (InputStream in = list) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
