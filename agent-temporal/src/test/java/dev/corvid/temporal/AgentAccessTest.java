package dev.corvid.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.corvid.agent.Agent;
import dev.corvid.agent.ToolApprover;
import dev.corvid.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentAccessTest {

    @Test
    void theWorkerReadsTheAgentsInstructionsToolsTimeoutsAndApprover() {
        ToolApprover approver = call -> ToolApprover.Approval.allow();
        Agent agent = Agent.builder().model(ScriptedChatModel.builder().answer("ok").build())
                .instructions("Be brief.").tools(new Desk()).toolTimeout(Duration.ofSeconds(40))
                .toolTimeout("report", Duration.ofMinutes(7)).approver(approver)
                .approvalTimeout(Duration.ofHours(2)).build();

        assertEquals("Be brief.", AgentAccess.instructions(agent));
        assertSame(approver, AgentAccess.approver(agent));
        assertEquals(Duration.ofHours(2), AgentAccess.approvalTimeout(agent));
        assertEquals(Duration.ofSeconds(40), AgentAccess.toolTimeout(agent, "add"));
        assertEquals(Duration.ofMinutes(7), AgentAccess.toolTimeout(agent, "report"));
        assertEquals(List.of("add", "report", "wait", "weather"),
                AgentAccess.tools(agent).names().stream().sorted().toList());
    }
}
