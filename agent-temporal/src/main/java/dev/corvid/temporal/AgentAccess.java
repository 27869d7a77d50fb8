package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.ToolApprover;
import dev.corvid.tool.Toolbox;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The parts of an agent's configuration that a durable runner needs and that {@link Agent} does not
 * offer publicly yet: its instructions, the tools offered now (with those of its tool sets), the timeout of
 * each tool, its approver and its approval timeout.
 *
 * <p>They are read reflectively, from the package-private members the in-process runner uses, until
 * agent-core exposes them; {@code AgentAccessTest} fails as soon as one of them is renamed, so the gap
 * cannot open silently.
 */
final class AgentAccess {

    private static final Field INSTRUCTIONS = field("instructions");
    private static final Field APPROVER = field("approver");
    private static final Field APPROVAL_TIMEOUT = field("approvalTimeout");
    private static final Method TOOLS = method("tools");
    private static final Method TOOL_TIMEOUT = method("toolTimeout", String.class);

    private AgentAccess() {
    }

    static String instructions(Agent agent) {
        return (String) read(INSTRUCTIONS, agent);
    }

    static ToolApprover approver(Agent agent) {
        return (ToolApprover) read(APPROVER, agent);
    }

    static Duration approvalTimeout(Agent agent) {
        return (Duration) read(APPROVAL_TIMEOUT, agent);
    }

    static Toolbox tools(Agent agent) {
        return (Toolbox) call(TOOLS, agent);
    }

    static Duration toolTimeout(Agent agent, String toolName) {
        return (Duration) call(TOOL_TIMEOUT, agent, toolName);
    }

    private static Object read(Field field, Agent agent) {
        try {
            return field.get(agent);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read Agent." + field.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Object call(Method method, Agent agent, Object... arguments) {
        try {
            return method.invoke(agent, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call Agent." + method.getName() + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private static Field field(String name) {
        try {
            Field field = Agent.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this agent-temporal does not fit this agent-core: Agent has no field '"
                    + name + "'; use the same Corvid version for both", e);
        }
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            Method method = Agent.class.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this agent-temporal does not fit this agent-core: Agent has no method '"
                    + name + "'; use the same Corvid version for both", e);
        }
    }
}
