package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        String line = new Json().put("s", "a\"b\\c\n\u0001").put("x", Double.NaN).put("y", 1.0 / 3).put("z", 2.5e12)
                .put("b", false).put("i", -7L).toString();
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"x\":null,\"y\":0.333333,\"z\":2500000000000,\"b\":false,\"i\":-7}", line);
    }
}
