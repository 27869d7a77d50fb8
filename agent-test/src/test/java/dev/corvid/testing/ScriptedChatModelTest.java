package dev.corvid.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corvid.model.Message;
import dev.corvid.model.ModelRequest;
import dev.corvid.model.ModelSettings;
import dev.corvid.model.StreamListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {

    @Test
    void repliesComeInScriptOrderAndRequestsAreRecorded() {
        ScriptedChatModel model = ScriptedChatModel.builder().callTool("look", "{}").answer("seen").build();
        ModelRequest first = ModelRequest.of(List.of(Message.user("look")));
        assertEquals("look", model.complete(first).message().toolCalls().get(0).name());
        assertEquals("seen", model.complete(first).message().text());
        assertEquals(2, model.requests().size());
        assertEquals(0, model.remaining());
    }

    @Test
    void aRequestPastTheEndOfTheScriptSaysSo() {
        ScriptedChatModel model = ScriptedChatModel.builder().answer("only").build();
        ModelRequest request = ModelRequest.of(List.of(Message.user("x")));
        model.complete(request);
        String message = assertThrows(IllegalStateException.class, () -> model.complete(request)).getMessage();
        assertTrue(message.contains("the script has 1 replies but request 2 arrived"), message);
    }

    @Test
    void answerTextIsStreamedToTheRequestsListener() {
        List<String> deltas = new ArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void onTextDelta(String text) {
                deltas.add(text);
            }
        };
        ScriptedChatModel.builder().answer("one two three").build().complete(new ModelRequest(
                List.of(Message.user("x")), List.of(), ModelSettings.DEFAULT, listener, null));
        assertEquals(List.of("one", " two", " three"), deltas);
    }
}
