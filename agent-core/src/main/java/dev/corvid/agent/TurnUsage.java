package dev.corvid.agent;

import dev.corvid.model.Cost;
import dev.corvid.model.Usage;

/**
 * What one turn of a run used: its tokens and, when the price is known, its cost.
 *
 * @param turn the turn's number, from 1
 * @param usage the tokens the provider reported; {@link Usage#UNKNOWN} when it reported none
 * @param cost what the turn cost; null when the price or the usage is unknown
 */
public record TurnUsage(int turn, Usage usage, Cost cost) {
}
