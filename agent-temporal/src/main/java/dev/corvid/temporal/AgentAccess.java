package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.ToolApprover;
import dev.corvid.tool.Toolbox;
import java.time.Duration;

/**
 * The parts of an agent's configuration that a durable runner needs: its instructions, the tools offered
 * now (with those of its tool sets), the timeout of each tool, its approver, its approval timeout and its run timeout.
 */
final class AgentAccess {

    private AgentAccess() {
    }

    static String instructions(Agent agent) {
        return agent.instructions();
    }

    static ToolApprover approver(Agent agent) {
        return agent.approver();
    }

    static Duration approvalTimeout(Agent agent) {
        return agent.approvalTimeout();
    }

    static Duration runTimeout(Agent agent) {
        return agent.runTimeout();
    }

    static Toolbox tools(Agent agent) {
        return agent.tools();
    }

    static Duration toolTimeout(Agent agent, String toolName) {
        return agent.toolTimeout(toolName);
    }
}
