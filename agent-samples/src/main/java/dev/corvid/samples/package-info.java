/**
 * Small runnable samples of Corvid, each a {@code main} class named after what it shows.
 */
package dev.corvid.samples;
