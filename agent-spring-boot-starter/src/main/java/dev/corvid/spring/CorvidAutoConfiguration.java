package dev.corvid.spring;

import dev.corvid.agent.Agent;
import dev.corvid.model.ChatModel;
import dev.corvid.openai.OpenAiCompatibleModel;
import java.util.Map;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link ChatModel} from the {@code corvid.*} properties and an {@link Agent} that uses it
 * with the {@code @Tool} methods of every {@link AgentTools @AgentTools} bean.
 *
 * <p>Each bean backs off when the application defines its own of the same type.
 */
@AutoConfiguration
@EnableConfigurationProperties(CorvidProperties.class)
public class CorvidAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does this. */
    public CorvidAutoConfiguration() {
    }

    /**
     * Returns the model described by the properties; the context closes it on shutdown.
     *
     * @param properties the {@code corvid.*} properties
     * @param environment where the provider's key variable is looked up when {@code corvid.api-key} is unset
     * @return the model
     * @throws IllegalStateException when a property is missing or invalid, naming the property or variable to set
     */
    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    public OpenAiCompatibleModel corvidChatModel(CorvidProperties properties, Environment environment) {
        return ModelFromProperties.build(properties, environment);
    }

    /**
     * Returns an agent over the model with the tools of every {@link AgentTools @AgentTools} bean.
     *
     * @param model the model
     * @param properties the {@code corvid.*} properties, for the instructions
     * @param context where the tool beans are looked up
     * @return the agent
     * @throws BeanCreationException when a tool bean has no usable {@code @Tool} methods, naming the bean
     */
    @Bean
    @ConditionalOnMissingBean(Agent.class)
    public Agent corvidAgent(ChatModel model, CorvidProperties properties, ApplicationContext context) {
        Agent.Builder builder = Agent.builder().model(model);
        if (properties.instructions() != null && !properties.instructions().isBlank()) {
            builder.instructions(properties.instructions());
        }
        for (Map.Entry<String, Object> bean : context.getBeansWithAnnotation(AgentTools.class).entrySet()) {
            try {
                builder.tools(bean.getValue());
            } catch (IllegalArgumentException e) {
                throw new BeanCreationException(bean.getKey(), "the @AgentTools bean '" + bean.getKey()
                        + "' cannot serve as tools: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
