package dev.commtck.examples.spring;

import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.Jobs;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Long polling: a wait is a {@link CompletableFuture} return value, which Spring MVC holds as an async request and
 * Spring WebFlux as a {@code Mono}; neither holds a thread while it waits.
 */
@RestController
class LongPollingController {

    private final Jobs jobs;

    LongPollingController(Jobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/jobs")
    ResponseEntity<Map<String, Object>> submit(@RequestBody Map<String, Object> submission, UriComponentsBuilder uris)
            throws Invalid {
        Jobs.Job job = jobs.submit(submission);
        return ResponseEntity.accepted()
                .location(uris.path("/jobs/{id}").buildAndExpand(job.id()).toUri())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(job.retryAfterSeconds()))
                .cacheControl(CacheControl.noStore())
                .body(job.representation());
    }

    @GetMapping("/jobs/{id}")
    CompletableFuture<ResponseEntity<Map<String, Object>>> await(@PathVariable String id,
            @RequestParam(required = false) String wait) throws Invalid {
        Jobs.Job job = jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return jobs.await(job, Jobs.bound(wait))
                .thenApply(view -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view));
    }
}
