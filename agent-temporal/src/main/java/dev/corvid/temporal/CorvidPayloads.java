package dev.corvid.temporal;

import com.google.protobuf.ByteString;
import dev.corvid.agent.RunState;
import dev.corvid.model.AssistantMessage;
import dev.corvid.model.FinishReason;
import dev.corvid.model.Message;
import dev.corvid.model.ModelResponse;
import dev.corvid.model.Transcript;
import dev.corvid.model.Usage;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.ByteArrayPayloadConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.NullPayloadConverter;
import io.temporal.common.converter.PayloadConverter;
import io.temporal.common.converter.ProtobufJsonPayloadConverter;
import io.temporal.common.converter.ProtobufPayloadConverter;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Temporal data conversion of Corvid's durable runs: JSON payloads written and read with Jackson 3,
 * with Corvid's own forms for {@link RunState}, {@link Message} and {@link ModelResponse}.
 *
 * <p>Give {@link #dataConverter()} to the {@code WorkflowClientOptions} of every client that starts runs
 * and of every client its workers poll with. It replaces Temporal's JSON converter (which is on Jackson 2)
 * for the {@code json/plain} encoding, so the application's own workflow values go through Jackson 3 too;
 * null, byte arrays and protobuf messages keep Temporal's converters. Thread-safe.
 */
public final class CorvidPayloads {

    static final String ENCODING = "json/plain";
    private static final JsonMapper JSON = mapper();
    private static final DataConverter CONVERTER = new DefaultDataConverter(new NullPayloadConverter(),
            new ByteArrayPayloadConverter(), new ProtobufJsonPayloadConverter(), new ProtobufPayloadConverter(),
            new JsonPayloads());

    private CorvidPayloads() {
    }

    /**
     * Returns the data converter for clients and workers of durable runs.
     *
     * @return the converter, one instance for all
     */
    public static DataConverter dataConverter() {
        return CONVERTER;
    }

    /**
     * Returns the JSON payload converter alone, for a data converter of the application's own.
     *
     * @return a new converter for the {@code json/plain} encoding
     */
    public static PayloadConverter payloadConverter() {
        return new JsonPayloads();
    }

    /** Returns the mapper that writes payloads, for tests of the wire form. */
    static JsonMapper json() {
        return JSON;
    }

    private static JsonMapper mapper() {
        SimpleModule corvid = new SimpleModule("corvid-temporal");
        corvid.addSerializer(RunState.class, new ValueSerializer<>() {
            @Override
            public void serialize(RunState value, JsonGenerator generator, SerializationContext context) {
                // The state's JSON is written as it stands, not parsed into a tree to be written again.
                generator.writeRawValue(value.toJson());
            }
        });
        corvid.addDeserializer(RunState.class, new ValueDeserializer<>() {
            @Override
            public RunState deserialize(JsonParser parser, DeserializationContext context) {
                return RunState.fromJson(context.readTree(parser).toString());
            }
        });
        corvid.addSerializer(Message.class, new ValueSerializer<>() {
            @Override
            public void serialize(Message value, JsonGenerator generator, SerializationContext context) {
                generator.writeRawValue(Transcript.toJson(value));
            }
        });
        corvid.addDeserializer(Message.class, new ValueDeserializer<>() {
            @Override
            public Message deserialize(JsonParser parser, DeserializationContext context) {
                return message(context.readTree(parser));
            }
        });
        corvid.addSerializer(ModelResponse.class, new ValueSerializer<>() {
            @Override
            public void serialize(ModelResponse value, JsonGenerator generator, SerializationContext context) {
                ObjectNode node = JSON.createObjectNode();
                node.set("message", JSON.readTree(Transcript.toJson(List.of(value.message()))).get(0));
                node.put("finish_reason", value.finishReason().name());
                node.set("usage", JSON.valueToTree(value.usage()));
                node.put("model", value.model());
                node.put("id", value.id());
                generator.writeTree(node);
            }
        });
        corvid.addDeserializer(ModelResponse.class, new ValueDeserializer<>() {
            @Override
            public ModelResponse deserialize(JsonParser parser, DeserializationContext context) {
                JsonNode node = context.readTree(parser);
                Message message = message(node.path("message"));
                if (!(message instanceof AssistantMessage assistant)) {
                    throw new IllegalArgumentException("a model response must hold an assistant message");
                }
                return new ModelResponse(assistant, FinishReason.valueOf(node.path("finish_reason").asString()),
                        JSON.treeToValue(node.path("usage"), Usage.class), text(node, "model"), text(node, "id"));
            }
        });
        return JsonMapper.builder()
                .addModule(corvid)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static Message message(JsonNode node) {
        return Transcript.fromJson("[" + node + "]").get(0);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** JSON payloads through Jackson 3. */
    private static final class JsonPayloads implements PayloadConverter {

        @Override
        public String getEncodingType() {
            return ENCODING;
        }

        @Override
        public Optional<Payload> toData(Object value) {
            try {
                byte[] bytes = JSON.writeValueAsBytes(value);
                return Optional.of(Payload.newBuilder()
                        .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
                        .setData(ByteString.copyFrom(bytes))
                        .build());
            } catch (JacksonException | IllegalArgumentException e) {
                throw new DataConverterException("cannot write " + value.getClass().getName() + " as JSON: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public <T> T fromData(Payload content, Class<T> valueClass, Type valueType) {
            try {
                return JSON.readValue(content.getData().toByteArray(), JSON.constructType(valueType));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new DataConverterException("cannot read " + valueType.getTypeName() + " from JSON: "
                        + e.getMessage(), e);
            }
        }
    }
}
