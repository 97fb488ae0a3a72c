#pragma once

// Prepares an <adapter> element for its plugin: expands ${…} in every attribute and text below
// it (reporting failures at their own FILE:LINE:COL) and prints the element as XML text.
// Nothing else of the subtree is checked: its vocabulary is the plugin's. The element's own
// attributes are the gateway's and are read (and expanded) by the caller.

#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <string>

namespace portico::config
{

// Modifies the element in place (values only; names and positions stay valid).
std::string expandAndPrintElement(LoadContext& context, pugi::xml_node element);

} // namespace portico::config
