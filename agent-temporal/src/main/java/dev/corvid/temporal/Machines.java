package dev.corvid.temporal;

import dev.corvid.agent.Agent;
import dev.corvid.agent.RunMachine;

/** Finds the decision function of a run: the agent's text machine, or the one of its answer type. */
final class Machines {

    private Machines() {
    }

    static RunMachine<?> of(Agent agent, String answerType) {
        if (answerType == null) {
            return agent.machine();
        }
        return agent.machine(type(answerType));
    }

    static Class<?> type(String answerType) {
        try {
            return Class.forName(answerType, false, Machines.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                return Class.forName(answerType, false, context);
            } catch (ClassNotFoundException | RuntimeException again) {
                throw new IllegalArgumentException("the answer type " + answerType
                        + " is not on this worker's class path; deploy it with the worker", e);
            }
        }
    }
}
