package dev.corvid.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.json.JsonMapper;

/** The check that a call's arguments are one JSON object answers as Jackson's default parser does. */
class HistoryArgumentsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What Jackson, strict by default, says: one object and nothing else. */
    private static boolean jackson(String text) {
        try (JsonParser parser = JSON.tokenStreamFactory().createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static void agrees(String text) {
        assertEquals(jackson(text), HistoryArguments.isJsonObject(text), () -> "for: " + text);
    }

    @Test
    void objectsAreAcceptedAndEverythingElseIsNot() {
        for (String valid : new String[] {"{}", " {\"a\": 1} ", "{\"a\":[1,-2.5e+3,true,false,null,{\"b\":\"\\u00e9\\n\"}]}",
                "{\"k\":\"\\\"quoted\\\" \\\\ \\/ \\b\\f\\r\\t\"}", "{\"a\":0,\"a\":-0.0E-0}", "\n\t{\r}\n"}) {
            assertTrue(HistoryArguments.isJsonObject(valid), valid);
            agrees(valid);
        }
        for (String invalid : new String[] {"", " ", "[]", "\"text\"", "1", "null", "{", "}", "{}}", "{} {}",
                "{'a': 1}", "{a: 1}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": -}", "{\"a\": +1}",
                "{\"a\": 1e}", "{\"a\": tru}", "{\"a\": truex}", "{\"a\": 1,}", "{\"a\": [1,]}", "{,}",
                "{\"a\" 1}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"tab\there\"}",
                "{\"a\": \"open}", "{\"a\": NaN}", "{\"a\": 1} // note", "\u00a0{}", "{\"a\": \"x\"\u00a0}"}) {
            assertFalse(HistoryArguments.isJsonObject(invalid), invalid);
            agrees(invalid);
        }
        assertFalse(HistoryArguments.isJsonObject(null));
        // Stricter than Jackson, which takes any Unicode digit in a backslash-u escape: a provider's parser would not.
        String arabicDigits = "{\"a\": \"\\u\u0661\u0662\u0663\u0664\"}";
        assertTrue(jackson(arabicDigits));
        assertFalse(HistoryArguments.isJsonObject(arabicDigits));
        assertTrue(HistoryArguments.isJsonObject(new HistoryArguments().valid(arabicDigits)), "sent repaired");
    }

    @Test
    void nestingIsAllowedAsDeepAsJacksonAllowsIt() {
        for (int depth : new int[] {HistoryArguments.MAX_DEPTH - 1, HistoryArguments.MAX_DEPTH,
                HistoryArguments.MAX_DEPTH + 1}) {
            String arrays = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
            agrees(arrays);
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            agrees(objects);
        }
        assertTrue(HistoryArguments.isJsonObject("{\"a\":".repeat(HistoryArguments.MAX_DEPTH) + "1"
                + "}".repeat(HistoryArguments.MAX_DEPTH)));
        assertFalse(HistoryArguments.isJsonObject("{\"a\":".repeat(HistoryArguments.MAX_DEPTH + 1) + "1"
                + "}".repeat(HistoryArguments.MAX_DEPTH + 1)));
    }

    @Test
    void randomObjectsAndTheirMutationsGetJacksonsAnswer() {
        Random random = new Random(20261204);
        String alphabet = "{}[]:,\"\\ \n\t0123456789.-+eEtrufalsn/bu'x\u00e9\u0001";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            object(random, text, 0);
            agrees(text.toString());
            // One to three edits: a character deleted, inserted or replaced.
            for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, c);
                    default -> text.setCharAt(at, c);
                }
            }
            agrees(text.toString());
        }
    }

    private static void object(Random random, StringBuilder text, int depth) {
        text.append(random.nextBoolean() ? "{" : " { ");
        int fields = random.nextInt(depth > 3 ? 2 : 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                text.append(random.nextBoolean() ? "," : " ,\n");
            }
            string(random, text);
            text.append(random.nextBoolean() ? ":" : " : ");
            value(random, text, depth + 1);
        }
        text.append('}');
    }

    private static void value(Random random, StringBuilder text, int depth) {
        switch (random.nextInt(depth > 3 ? 5 : 7)) {
            case 0 -> string(random, text);
            case 1 -> text.append(new String[] {"0", "-1", "12.5", "3e10", "-0.25E-7", "1234567890"}[random.nextInt(6)]);
            case 2 -> text.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
            case 3, 4 -> text.append('"').append("plain").append('"');
            case 5 -> object(random, text, depth);
            default -> {
                text.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    value(random, text, depth + 1);
                }
                text.append(']');
            }
        }
    }

    private static void string(Random random, StringBuilder text) {
        text.append('"');
        String[] parts = {"a", "key", " ", "\\n", "\\\"", "\\\\", "\\u00e9", "\u00e9", "\u4e2d", "\\/", "\\t"};
        for (int i = random.nextInt(4); i > 0; i--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        text.append('"');
    }
}
