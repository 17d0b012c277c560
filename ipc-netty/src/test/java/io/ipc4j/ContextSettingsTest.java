package io.ipc4j;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A coordinator's setting that takes one of a few words fails {@code Context.create} when given another. */
class ContextSettingsTest {

    @Test
    void aMisspeltWordFailsCreateNamingTheSettingAndItsWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.create(Map.of(Config.CHILD_CDS, "directories_last")));
        assertTrue(e.getMessage().contains(Config.CHILD_CDS) && e.getMessage().contains("directories-last"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Context.create(Map.of(Config.CHILD_OUTPUT, "inherited")));
        assertTrue(e.getMessage().contains(Config.CHILD_OUTPUT), e.getMessage());
        try (Context mp = Context.create(Map.of(Config.CHILD_CDS, " off ", Config.CHILD_OUTPUT, ""))) {
            assertEquals(0, mp.activeChildren().size());
        }
    }
}
