package dev.corvid.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EditFileTest extends WorkspaceTest {

    private static final String GREETER = """
            public class Greeter {
                String greet(String name) {
                    return "Hello, " + name;
                }

                String farewell(String name) {
                    return "Bye, " + name;
                }
            }
            """;

    @BeforeEach
    void writeGreeter() throws IOException {
        Files.writeString(workspace.resolve("Greeter.java"), GREETER);
    }

    private String greeter() throws IOException {
        return Files.readString(workspace.resolve("Greeter.java"));
    }

    @Test
    void aUniqueMatchIsReplacedAndShownWithLineNumbers() throws IOException {
        String result = tools.ok("edit_file", "path", "Greeter.java",
                "old_text", "return \"Hello, \" + name;", "new_text", "return \"Hi, \" + name + \"!\";");

        assertEquals(GREETER.replace("\"Hello, \" + name;", "\"Hi, \" + name + \"!\";"), greeter());
        assertTrue(result.startsWith("Edited Greeter.java: replaced 1 occurrence.\n"), result);
        assertTrue(result.contains("     1\tpublic class Greeter {\n"), result);
        assertTrue(result.contains("     3\t        return \"Hi, \" + name + \"!\";\n"), result);
        assertTrue(result.endsWith("     6\t    String farewell(String name) {"), result);
    }

    @Test
    void severalMatchesWithoutReplaceAllAreRefusedWithTheirCountAndLines() throws IOException {
        String error = tools.error("edit_file", "path", "Greeter.java",
                "old_text", "String name", "new_text", "CharSequence name");

        assertTrue(error.contains("old_text matches 2 places in Greeter.java, at lines 2, 6."), error);
        assertTrue(error.contains("set replace_all to true"), error);
        assertEquals(GREETER, greeter());
    }

    @Test
    void replaceAllReplacesEveryMatchAndSaysWhere() throws IOException {
        String result = tools.ok("edit_file", "path", "Greeter.java",
                "old_text", "String name", "new_text", "CharSequence name", "replace_all", true);

        assertEquals(GREETER.replace("String name", "CharSequence name"), greeter());
        assertTrue(result.startsWith("Edited Greeter.java: replaced 2 occurrences, now at lines 2, 6."), result);
    }

    @Test
    void noMatchAsksToReadAgainAndShowsTheNearestLines() throws IOException {
        String error = tools.error("edit_file", "path", "Greeter.java",
                "old_text", "String farewel(String nam) {\n    return \"Bye \" + nam;", "new_text", "x");

        assertTrue(error.contains("old_text was not found in Greeter.java. Read the file again with read_file"), error);
        assertTrue(error.contains("The most similar lines in the file are 6-7:\n"
                + "     6\t    String farewell(String name) {\n"
                + "     7\t        return \"Bye, \" + name;"), error);
        assertEquals(GREETER, greeter());
    }

    @Test
    void aWhitespaceOnlyDifferenceIsPointedOut() {
        String error = tools.error("edit_file", "path", "Greeter.java",
                "old_text", "String greet(String name) {\n  return \"Hello, \" + name;", "new_text", "x");

        assertTrue(error.contains("The text is there, but its whitespace"), error);
    }

    @Test
    void lineNumbersCopiedFromReadFileArePointedOut() {
        String error = tools.error("edit_file", "path", "Greeter.java",
                "old_text", "     3\t        return \"Hello, \" + name;", "new_text", "x");

        assertTrue(error.contains("old_text seems to include the line numbers read_file shows"), error);
    }

    @Test
    void textAlreadyInPlaceIsRecognised() {
        String error = tools.error("edit_file", "path", "Greeter.java",
                "old_text", "return \"Howdy, \" + name;", "new_text", "return \"Bye, \" + name;");

        assertTrue(error.contains("new_text is already there (line 7): the edit seems to be made already"), error);
    }

    @Test
    void crlfLineEndingsSurviveAnEditGivenWithLineFeeds() throws IOException {
        Path file = workspace.resolve("win.txt");
        Files.write(file, "one\r\ntwo\r\nthree\r\n".getBytes(StandardCharsets.UTF_8));

        tools.ok("edit_file", "path", "win.txt", "old_text", "one\ntwo\n", "new_text", "uno\ndos\nmas\n");

        assertEquals("uno\r\ndos\r\nmas\r\nthree\r\n", Files.readString(file));
    }

    @Test
    void anEditWithinOneLineOfACrlfFileKeepsCrlf() throws IOException {
        Path file = workspace.resolve("win.txt");
        Files.write(file, "alpha\r\nbeta\r\n".getBytes(StandardCharsets.UTF_8));

        tools.ok("edit_file", "path", "win.txt", "old_text", "beta", "new_text", "beta\ngamma");

        assertEquals("alpha\r\nbeta\r\ngamma\r\n", Files.readString(file));
    }

    @Test
    void theByteOrderMarkSurvivesAnEdit() throws IOException {
        Path file = workspace.resolve("bom.txt");
        Files.write(file, "\uFEFFhello world\n".getBytes(StandardCharsets.UTF_8));

        tools.ok("edit_file", "path", "bom.txt", "old_text", "world", "new_text", "there");

        assertArrayEquals("\uFEFFhello there\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void aFileThatIsNotUtf8IsLeftAlone() throws IOException {
        Path file = workspace.resolve("latin1.txt");
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '\n'};
        Files.write(file, latin1);

        String error = tools.error("edit_file", "path", "latin1.txt", "old_text", "caf", "new_text", "bar");

        assertTrue(error.contains("latin1.txt is not valid UTF-8 (bad byte at offset 3)"), error);
        assertArrayEquals(latin1, Files.readAllBytes(file));
    }

    @Test
    void emptyNewTextDeletes() throws IOException {
        tools.ok("edit_file", "path", "Greeter.java", "old_text", "\n    String farewell(String name) {\n"
                + "        return \"Bye, \" + name;\n    }\n", "new_text", "");

        assertFalse(greeter().contains("farewell"));
        assertTrue(greeter().endsWith("    }\n}\n"));
    }

    @Test
    void identicalOrEmptyTextsAreRefused() {
        assertTrue(tools.error("edit_file", "path", "Greeter.java", "old_text", "greet", "new_text", "greet")
                .contains("old_text and new_text are the same"));
        assertTrue(tools.error("edit_file", "path", "Greeter.java", "old_text", "", "new_text", "x")
                .contains("old_text is empty"));
    }

    @Test
    void aMissingFileCannotBeEdited() {
        assertTrue(tools.error("edit_file", "path", "Missing.java", "old_text", "a", "new_text", "b")
                .contains("Missing.java does not exist"));
    }

    @Test
    void textNowhereAlikeSaysToCheckTheFile() {
        String error = tools.error("edit_file", "path", "Greeter.java", "old_text", "zzzz qqqq", "new_text", "x");

        assertTrue(error.contains("No lines in the file resemble old_text"), error);
    }
}
