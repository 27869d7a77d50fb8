package dev.corvid.it;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunResult;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The application's endpoint: {@code GET /ask?question=...} runs the agent and returns its answer as text. */
@RestController
public class AskController {

    private final Agent agent;

    /**
     * Creates the controller over the starter's agent.
     *
     * @param agent the auto-configured agent
     */
    public AskController(Agent agent) {
        this.agent = agent;
    }

    /**
     * Answers a question.
     *
     * @param question what to ask the agent
     * @return the answer, or 502 with the run's outcome when the agent gave none
     */
    @GetMapping("/ask")
    public ResponseEntity<String> ask(@RequestParam String question) {
        RunResult<String> result = agent.run(question);
        return result.isAnswered() ? ResponseEntity.ok(result.output())
                : ResponseEntity.status(502).body(result.outcome() + ": " + result.detail());
    }
}
