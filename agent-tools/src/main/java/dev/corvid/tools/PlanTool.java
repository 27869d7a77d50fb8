package dev.corvid.tools;

import dev.corvid.tool.Tool;
import dev.corvid.tool.ToolParam;
import java.util.List;
import java.util.Locale;

/**
 * The {@code update_plan} tool: the model keeps a short plan of steps, each pending, in progress or done,
 * and sends the whole plan again whenever it changes. Stateless: the plan lives in the conversation, and
 * the result (the plan as checked and rendered) is what a progress display shows. Thread-safe.
 */
public final class PlanTool {

    /** The tool's name. */
    public static final String NAME = "update_plan";
    /** The most steps a plan may have. */
    static final int MAX_STEPS = 30;

    /**
     * One step of a plan.
     *
     * @param step what the step does, in a few words
     * @param status {@code pending}, {@code in_progress} or {@code done}
     */
    public record Step(@ToolParam("what the step does, in a few words") String step,
                       @ToolParam("pending, in_progress or done") String status) {
    }

    /** Makes the tool. */
    public PlanTool() {
    }

    /**
     * Checks and renders the plan, one line per step: {@code [x]} done, {@code [>]} in progress, {@code [ ]}
     * pending.
     *
     * @param steps the whole plan, in order
     * @return the rendered plan
     * @throws IllegalArgumentException when the plan is empty or too long, a step is blank, a status is
     *     unknown, or more than one step is in progress
     */
    @Tool(name = NAME, value = "Records your plan for the task as a short list of steps, each pending, in_progress "
            + "or done; at most one step is in_progress. Send the whole plan each time a step starts or finishes. "
            + "Use it for tasks of several steps; the user sees the plan.")
    public String updatePlan(@ToolParam("the whole plan, in order") List<Step> steps) {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("steps is empty; give the whole plan, e.g. [{\"step\": \"run the "
                    + "tests\", \"status\": \"in_progress\"}]");
        }
        if (steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("the plan has " + steps.size() + " steps; keep it to at most "
                    + MAX_STEPS + " by merging small ones");
        }
        StringBuilder plan = new StringBuilder();
        int inProgress = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step == null || step.step() == null || step.step().isBlank()) {
                throw new IllegalArgumentException("step " + (i + 1) + " has no text; say what it does");
            }
            String status = step.status() == null ? "pending" : step.status().strip().toLowerCase(Locale.ROOT)
                    .replace(' ', '_').replace('-', '_');
            String mark = switch (status) {
                case "done", "completed" -> "[x]";
                case "in_progress" -> "[>]";
                case "pending" -> "[ ]";
                default -> throw new IllegalArgumentException("step " + (i + 1) + " has status '" + step.status()
                        + "'; use pending, in_progress or done");
            };
            if (mark.equals("[>]")) {
                inProgress++;
            }
            plan.append(mark).append(' ').append(step.step().strip().replaceAll("\\s+", " ")).append('\n');
        }
        if (inProgress > 1) {
            throw new IllegalArgumentException(inProgress + " steps are in_progress; mark only the current one");
        }
        return plan.toString().stripTrailing();
    }
}
