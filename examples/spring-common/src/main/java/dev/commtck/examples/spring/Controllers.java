package dev.commtck.examples.spring;

import dev.commtck.examples.common.Contract;
import dev.commtck.examples.common.Invalid;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Request-response and short polling: plain handler methods, the same on Spring MVC and Spring WebFlux (the annotation
 * model is spring-web's, shared by both).
 */
@RestController
class HelloController {

    @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    String world() {
        return Contract.WORLD;
    }

    @PostMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    String ping(@RequestBody(required = false) String body) {
        return Contract.helloAnswer(body == null ? "" : body);
    }

    @GetMapping("/bitcoin")
    ResponseEntity<Map<String, Integer>> bitcoin() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(Map.of("coins", Contract.coins()));
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    String greeting() {
        return Contract.GREETING;
    }
}

/** A request the contract refuses is answered with the status it names. */
@RestControllerAdvice
class Refusals {

    @ExceptionHandler(Invalid.class)
    ResponseEntity<String> refused(Invalid e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    }
}
