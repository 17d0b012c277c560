package demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(120)
class DemoTest {
    @Test
    void childrenRunUnderSurefire() {
        assertEquals("DEMO queue=49 pool=[1, 4, 9] exit=0", Demo.run());
    }
}
