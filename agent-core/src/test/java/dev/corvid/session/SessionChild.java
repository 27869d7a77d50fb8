package dev.corvid.session;

import dev.corvid.agent.Agent;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.ToolCall;
import dev.corvid.model.Usage;
import dev.corvid.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process a test kills: it continues a session on a model that calls a tool in turns 1 and 2 and, in
 * turn 3, writes a marker file and blocks until the process is killed.
 */
public final class SessionChild {

    private SessionChild() {
    }

    /** Tools of the child's agent. */
    public static final class Notes {
        /**
         * Notes a line.
         *
         * @param text the line
         * @return what was noted
         */
        @Tool("Notes a line")
        public String note(String text) {
            return "noted " + text;
        }
    }

    /**
     * Runs the child.
     *
     * @param args the store's description, the session's id, the marker file
     * @throws Exception when anything fails
     */
    public static void main(String[] args) throws Exception {
        SessionStore store = TestStores.open(args[0]);
        Session session = store.load(args[1]).orElseThrow();
        Path marker = Path.of(args[2]);
        Agent agent = Agent.builder()
                .instructions("You take notes.")
                .tools(new Notes())
                .model(request -> {
                    long answered = request.messages().stream().filter(AssistantMessage.class::isInstance).count();
                    if (answered >= 2) {
                        try {
                            Files.writeString(marker, "blocked in turn 3");
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (Exception e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("interrupted");
                    }
                    AssistantMessage call = AssistantMessage.ofToolCalls(List.of(
                            ToolCall.of("call-" + (answered + 1), "note", "{\"text\":\"line " + (answered + 1) + "\"}")));
                    return new ModelResponse(call, FinishReason.TOOL_CALLS, Usage.of(10, 5), "child", "r" + answered);
                })
                .build();
        agent.run(session, "Take two notes");
        System.out.println("the run ended, which it should not");
    }
}
