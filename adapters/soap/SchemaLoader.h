#pragma once

// Reads XML Schema (XSD 1.0) into a SchemaSet: the schemas inside a WSDL's <types>, and the
// documents they pull in with xs:import / xs:include (schemaLocation resolved against the
// document that names it, file or URL). Two passes: add*() records every global component as a
// draft; link() resolves the references and flattens each complex type's content model into its
// ordered child elements (see SchemaModel.h).
//
// Supported: global and local elements, element ref=, named and anonymous complex types with
// sequence / all / choice (also nested, and as named xs:group), complexContent/extension (base
// elements first), simpleContent/extension, attributes (local, ref=, xs:attributeGroup),
// minOccurs/maxOccurs, nillable, elementFormDefault / attributeFormDefault and form=,
// chameleon includes, simple types by restriction with enumerations.
// Recorded as unsupported (refused when an operation needs them): xs:any, xs:list, xs:union,
// substitutionGroup, abstract elements and types, complexContent/restriction (SOAP-encoded
// arrays), simpleContent/restriction, repeating sequences of several elements, repeating or
// nested choices, xs:anyType and SOAP-encoding types, undefined references.
// Refused at once (ConfigError): xs:redefine, xs:override, undeclared prefixes, bad occurrences,
// unreadable documents. Used at configuration time, by one thread.

#include "soap/DocumentStore.h"
#include "soap/SchemaModel.h"

#include <pugixml.hpp>

#include <memory>
#include <string>

namespace portico::soap
{

class SchemaLoader
{
public:
    // Both must outlive the loader; documents also holds the parsed WSDLs the inline schemas
    // come from.
    SchemaLoader(SchemaSet& schemas, DocumentStore& documents);
    ~SchemaLoader();
    SchemaLoader(const SchemaLoader&) = delete;
    SchemaLoader& operator=(const SchemaLoader&) = delete;

    // An xs:schema element of source (inside wsdl:types, or a schema document's root).
    void addSchema(pugi::xml_node schema, const SourceDocument& source);

    // The schema document at location (a wsdl:import of an XSD, or a test).
    void addSchemaDocument(const std::string& location);

    // Resolves references and flattens content models. Call once, after the last add.
    void link();

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

} // namespace portico::soap
