/**
 * Spring Boot auto-configuration for Corvid: a {@code ChatModel} from {@code corvid.*} properties, the
 * {@code @Tool} methods of beans marked {@link dev.corvid.spring.AgentTools}, and an {@code Agent} bean, each
 * backing off when the application defines its own.
 *
 * <p>{@link dev.corvid.spring.CorvidProperties} holds the properties (with IDE metadata), and
 * {@link dev.corvid.spring.CorvidFailureAnalyzer} turns a missing key or model into a startup report that
 * says what to set.
 */
package dev.corvid.spring;
