package org.fractalis.api.connector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Sets {@link Connector#HANDLER} on a DS component:
 * {@code @Component(service = Connector.class) @ConnectorHandler(handler = "demo_tcga_coad")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConnectorHandler {
    /** Prefix of the property names. */
    String PREFIX_ = "fractalis.connector.";

    /** Mapped to {@code fractalis.connector.handler}. */
    String handler();
}
