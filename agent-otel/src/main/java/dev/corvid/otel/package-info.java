/**
 * OpenTelemetry for Corvid agents: {@link dev.corvid.otel.Telemetry} hears an agent's runs and records
 * them as spans and metrics per the OpenTelemetry semantic conventions for generative AI (an
 * {@code invoke_agent} span per run, a {@code chat} span per model call, an {@code execute_tool} span per
 * tool call, and the {@code gen_ai.client.*} histograms); only the OpenTelemetry API is needed, the
 * application brings the SDK.
 */
package dev.corvid.otel;
