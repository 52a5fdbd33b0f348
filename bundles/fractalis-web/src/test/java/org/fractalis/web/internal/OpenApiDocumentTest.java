package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fractalis.golden.GoldenCase;
import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The OpenAPI document: docs/openapi.json is exactly what the node serves (run with {@code -Dopenapi.update=true}
 * to rewrite it after a change), it is valid OpenAPI 3.1, its request schemas are the validator's own files, and
 * its result schemas hold for every golden result of every analytics task.
 */
class OpenApiDocumentTest {
    private static final Path COMMITTED = Paths.get("../../docs/openapi.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DOC_IRI = "https://fractalis.invalid/openapi.json";

    @Test
    void theCommittedCopyIsWhatTheNodeServes() throws IOException {
        String served = new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(COMMITTED), "docs/openapi.json is missing: mvn test -Dopenapi.update=true");
        assertEquals(Files.readString(COMMITTED, StandardCharsets.UTF_8), served,
                "docs/openapi.json differs from the served document: run the fractalis-web tests with "
                        + "-Dopenapi.update=true and commit docs/openapi.json");
    }

    @Test
    void isAValidOpenApi31DocumentWithoutParserMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult r = new OpenAPIV3Parser().readContents(OpenApiDocument.text(), null, options);
        assertNotNull(r.getOpenAPI(), String.valueOf(r.getMessages()));
        assertEquals(List.of(), r.getMessages());
        assertEquals("3.1.0", r.getOpenAPI().getOpenapi());
        assertTrue(r.getOpenAPI().getPaths().containsKey("/misc/plugins"));
    }

    @Test
    void requestSchemasAreTheValidatorsOwnFiles() throws IOException {
        JsonNode schemas = OpenApiDocument.build().at("/components/schemas");
        Map<String, String> files = Map.of("LoadRequest", "data.json", "AnalyticsRequest", "analytics.json",
                "StateSaveRequest", "state-save.json", "StateRestoreRequest", "state-restore.json");
        for (Map.Entry<String, String> e : files.entrySet()) {
            try (InputStream in = JsonBodies.class.getResourceAsStream(JsonBodies.SCHEMA_DIR + e.getValue())) {
                ObjectNode file = (ObjectNode) MAPPER.readTree(in);
                file.remove("$schema");
                assertEquals(file, schemas.get(e.getKey()), e.getKey());
            }
        }
        assertFalse(OpenApiDocument.text().contains("x-fractalis-"), "template markers are resolved");
    }

    @Test
    void preflightsAreDocumentedExactlyWhereTheServletAnswersThem() {
        JsonNode paths = OpenApiDocument.build().get("paths");
        Set<String> withOptions = new TreeSet<>();
        Set<String> api = new TreeSet<>();
        paths.fields().forEachRemaining(e -> {
            if (e.getValue().has("options")) {
                withOptions.add(e.getKey());
            }
            if (Edge.isApiPath(e.getKey().replace("{id}", "00000000-0000-4000-8000-000000000000"))) {
                api.add(e.getKey());
            }
        });
        assertEquals(api, withOptions);
        assertEquals(9, withOptions.size(), withOptions.toString());
    }

    @Test
    void everyGoldenResultMatchesItsTasksResultSchema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaLoaders(l -> l.schemas(Map.of(DOC_IRI, OpenApiDocument.text()))));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String task : List.of("compute-correlation", "compute-boxplot", "compute-histogram", "compute-pca",
                "survival-analysis", "compute-volcanoplot", "compute-heatmap", "compute-cluster")) {
            JsonSchema schema = factory.getSchema(
                    SchemaLocation.of(DOC_IRI + "#/components/schemas/TaskResult." + task));
            JsonSchema text = factory.getSchema(SchemaLocation.of(DOC_IRI + "#/components/schemas/TaskResultText"));
            for (GoldenCase c : GoldenCases.all(task)) {
                if (c.expectsError()) {
                    continue;
                }
                JsonNode expected = MAPPER.valueToTree(c.expected());
                Set<ValidationMessage> errors = new java.util.LinkedHashSet<>(schema.validate(expected));
                errors.addAll(text.validate(MAPPER.valueToTree(expected.toString())));
                // the double-encoded fields: their content is checked against the contentSchema given for them
                for (String field : List.of("data", "df")) {
                    JsonNode inner = expected.get(field);
                    JsonNode content = OpenApiDocument.build().at("/components/schemas/TaskResult." + task
                            + "/properties/" + field + "/contentSchema");
                    if (inner != null && inner.isTextual() && !content.isMissingNode()) {
                        try {
                            errors.addAll(factory.getSchema(content).validate(MAPPER.readTree(inner.asText())));
                        } catch (IOException e) {
                            failures.add(task + "/" + c.name() + ": " + field + " is not JSON text");
                        }
                    }
                }
                errors.forEach(m -> failures.add(task + "/" + c.name() + ": " + m.getMessage()));
                checked++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 50, "golden results checked: " + checked);
    }
}
