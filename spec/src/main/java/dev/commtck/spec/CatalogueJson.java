package dev.commtck.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The machine-readable export of a {@link Catalogue}: what {@code spec/catalogue.json} holds. */
public final class CatalogueJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CatalogueJson() {
    }

    public static ObjectNode toJson(Catalogue catalogue) {
        ObjectNode root = JSON.createObjectNode();
        root.put("specVersion", catalogue.specVersion());
        ArrayNode list = root.putArray("requirements");
        for (Requirement r : catalogue.all()) {
            ObjectNode n = list.addObject();
            n.put("id", r.id());
            n.put("pattern", r.pattern().id());
            n.put("level", r.level().name());
            n.put("statement", r.statement());
            n.put("source", r.source());
            n.put("anchor", r.anchor());
            if (!r.check().isEmpty()) {
                n.put("check", r.check());
            }
            if (!r.appliesWhen().isEmpty()) {
                n.put("appliesWhen", r.appliesWhen());
            }
            n.put("testable", r.testable());
            if (!r.testable()) {
                n.put("untestable", r.untestable());
            }
        }
        return root;
    }

    public static String render(Catalogue catalogue) {
        try {
            return JSON.writeValueAsString(toJson(catalogue)).replace("\r\n", "\n") + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
