#pragma once

// Prepares an <adapter> element for its plugin: expands ${…} in every attribute and text below
// it (reporting failures at their own FILE:LINE:COL), prints the element as XML text, and
// records where each element and attribute was written, so that the plugin's own errors point at
// the nested line and column. Nothing else of the subtree is checked: its vocabulary is the
// plugin's. The element's own attributes are the gateway's and are read (and expanded) by the caller.

#include "config/LoadContext.h"

#include <portico/plugin/PluginAbi.h>

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace portico::config
{

struct PreparedAdapterElement
{
    std::string xml;
    std::vector<plugin::XmlPosition> positions; // in the order AdapterConfig::positions documents
};

// Modifies the element in place (values only; names and positions stay valid).
PreparedAdapterElement prepareAdapterElement(LoadContext& context, pugi::xml_node element);

} // namespace portico::config
