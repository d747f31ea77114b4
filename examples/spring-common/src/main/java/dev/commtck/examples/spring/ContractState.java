package dev.commtck.examples.spring;

import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Jobs;
import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.common.Queues;
import dev.commtck.examples.common.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The state of every pattern, one bean each, shared by the Spring MVC and the Spring WebFlux adapters. */
@Configuration
class ContractState {

    @Bean
    Jobs jobs() {
        return new Jobs();
    }

    @Bean
    EventLog events() {
        return new EventLog();
    }

    @Bean
    Topics topics() {
        return new Topics();
    }

    @Bean
    Queues queues() {
        return new Queues();
    }

    @Bean
    PushHub pushHub(JsonMapper json) {
        return new PushHub(json::writeValueAsString);
    }
}
