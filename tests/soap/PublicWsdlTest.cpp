// Public services' WSDLs that use open and polymorphic schema constructs (tests/data/soap/wsdl,
// provenance in its SOURCES.md): the Bank of Russia's DailyInfo (.NET DataSet and XmlNode
// results: xs:any, a reference to xs:schema, mixed content), Microsoft MapPoint (abstract types
// with xsi:type, untyped `object` values) and Washington State Ferries (xs:anyAttribute in a SOAP
// header). Every operation must map; requests and replies are checked on a few of each.
#include "SoapTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using soaptest::makeRoute;

namespace
{

const char* const dailyInfo = "<wsdl>wsdl/DailyInfo.wsdl</wsdl><operation>{op}</operation>";
const char* const ferries = "<wsdl>wsdl/WSFSchedule.wsdl</wsdl><operation>{op}</operation>";
const char* const mapPointFind =
    "<wsdl>wsdl/MapPoint.wsdl</wsdl><service>FindService</service><operation>{op}</operation>";
const char* const mapPointRender =
    "<wsdl>wsdl/MapPoint.wsdl</wsdl><service>RenderService</service><operation>{op}</operation>";

std::string envelopeOf(const char* service, const std::string& operation, const std::string& json)
{
    std::string envelope, error;
    CPPUNIT_ASSERT_MESSAGE(
        error, soaptest::buildEnvelope(*makeRoute(service, {"op"}), operation, json, envelope, error));
    return envelope;
}

std::string replyJson(const char* service, const std::string& operation, const std::string& body)
{
    return soaptest::replyBody(*makeRoute(service, {"op"}), operation,
                               R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope )"
                               R"(xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" )"
                               R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
                               R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>)" +
                                   body + "</soap:Body></soap:Envelope>");
}

} // namespace

class PublicWsdlTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PublicWsdlTest);
    CPPUNIT_TEST(testEveryOperationMaps);
    CPPUNIT_TEST(testDataSetResult);
    CPPUNIT_TEST(testXmlNodeResult);
    CPPUNIT_TEST(testAbstractMapView);
    CPPUNIT_TEST(testObjectValues);
    CPPUNIT_TEST(testHeaderWithAnyAttribute);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryOperationMaps()
    {
        // strict: one operation the adapter could not map would fail the route.
        const std::pair<std::string, std::size_t> services[] = {
            {dailyInfo, 28},
            {ferries, 23},
            {mapPointFind, 9},
            {mapPointRender, 5},
            {"<wsdl>wsdl/MapPoint.wsdl</wsdl><service>RouteService</service><operation>{op}</operation>", 2},
            {"<wsdl>wsdl/MapPoint.wsdl</wsdl><service>CommonService</service><operation>{op}</operation>",
             6}};
        for (const auto& [children, operations] : services)
        {
            std::vector<std::string> warnings;
            auto route = makeRoute(children, {"op"}, warnings, " strict=\"true\"");
            CPPUNIT_ASSERT_MESSAGE(soaptest::joined(warnings), route->unavailable().empty());
            const Poco::JSON::Object::Ptr item = soaptest::parseObject(route->openApiPathItem("/api/{op}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(children, operations,
                                         item->getObject("x-portico-concrete-paths")->size());
        }
    }

    void testDataSetResult()
    {
        SOAP_ASSERT_CONTAINS(
            envelopeOf(dailyInfo, "GetCursOnDate", R"({"On_date":"2026-12-05T00:00:00"})"),
            "<ns1:GetCursOnDate xmlns:ns1=\"http://web.cbr.ru/\"><ns1:On_date>2026-12-05T00:00:00"
            "</ns1:On_date></ns1:GetCursOnDate>");
        // A .NET DataSet: its inline xs:schema, then the diffgram (the xs:any), both untyped.
        const std::string json = replyJson(
            dailyInfo, "GetCursOnDate",
            R"(<GetCursOnDateResponse xmlns="http://web.cbr.ru/"><GetCursOnDateResult>)"
            R"(<xs:schema id="ValuteData" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema" )"
            R"(xmlns:msdata="urn:schemas-microsoft-com:xml-msdata"><xs:element name="ValuteData" )"
            R"(msdata:IsDataSet="true"/></xs:schema>)"
            R"(<diffgr:diffgram xmlns:msdata="urn:schemas-microsoft-com:xml-msdata" )"
            R"(xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1"><ValuteData xmlns="">)"
            R"(<ValuteCursOnDate diffgr:id="ValuteCursOnDate1" msdata:rowOrder="0"><Vname>Австралийский доллар)"
            R"(</Vname><Vnom>1</Vnom><Vcurs>51.2093</Vcurs><VchCode>AUD</VchCode></ValuteCursOnDate>)"
            R"(<ValuteCursOnDate diffgr:id="ValuteCursOnDate2" msdata:rowOrder="1"><Vname>Евро</Vname>)"
            R"(<Vnom>1</Vnom><Vcurs>90.7881</Vcurs><VchCode>EUR</VchCode></ValuteCursOnDate>)"
            R"(</ValuteData></diffgr:diffgram></GetCursOnDateResult></GetCursOnDateResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"GetCursOnDateResult":{"schema":{"@id":"ValuteData","element":{"@name":"ValuteData",)"
                R"("@IsDataSet":"true"}},"diffgram":{"ValuteData":{"ValuteCursOnDate":[)"
                R"({"@id":"ValuteCursOnDate1","@rowOrder":"0","Vname":"Австралийский доллар","Vnom":"1",)"
                R"("Vcurs":"51.2093","VchCode":"AUD"},{"@id":"ValuteCursOnDate2","@rowOrder":"1",)"
                R"("Vname":"Евро","Vnom":"1","Vcurs":"90.7881","VchCode":"EUR"}]}}}})"),
            json);
    }

    void testXmlNodeResult()
    {
        // An XmlNode result: mixed content around an xs:any.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"GetCursOnDateXMLResult":{"ValuteData":{"@OnDate":"20261205","ValuteCursOnDate":)"
                        R"({"Vname":"Евро","Vcurs":"90.7881"}}}})"),
            replyJson(dailyInfo, "GetCursOnDateXML",
                      R"(<GetCursOnDateXMLResponse xmlns="http://web.cbr.ru/"><GetCursOnDateXMLResult>)"
                      R"(<ValuteData OnDate="20261205" xmlns=""><ValuteCursOnDate><Vname>Евро</Vname>)"
                      R"(<Vcurs>90.7881</Vcurs></ValuteCursOnDate></ValuteData>)"
                      R"(</GetCursOnDateXMLResult></GetCursOnDateXMLResponse>)"));
    }

    void testAbstractMapView()
    {
        // view is of the abstract MapView: "@xsi:type" names one of its four derived types.
        SOAP_ASSERT_CONTAINS(
            envelopeOf(mapPointRender, "ConvertToPoint",
                       R"({"view":{"@xsi:type":"ViewByScale","MapScale":5000,)"
                       R"("CenterPoint":{"Latitude":47.6,"Longitude":-122.33}},"width":640,"height":480})"),
            R"(<ns1:view xsi:type="ns1:ViewByScale"><ns1:MapScale>5000</ns1:MapScale><ns1:CenterPoint>)"
            R"(<ns1:Latitude>47.6</ns1:Latitude><ns1:Longitude>-122.33</ns1:Longitude></ns1:CenterPoint>)"
            R"(</ns1:view><ns1:width>640</ns1:width>)");
        // ViewByBoundingLocations is the type of no element: only xsi:type reaches it.
        SOAP_ASSERT_CONTAINS(
            envelopeOf(mapPointRender, "ConvertToPoint",
                       R"({"view":{"@xsi:type":"ViewByBoundingLocations","Locations":)"
                       R"({"Location":[{"LatLong":{"Latitude":1,"Longitude":2}}]}},)"
                       R"("width":1,"height":1})"),
            R"(<ns1:view xsi:type="ns1:ViewByBoundingLocations"><ns1:Locations><ns1:Location>)");
        CPPUNIT_ASSERT_EQUAL(std::string(R"(view: type 'MapView' is abstract: "@xsi:type" must name one of )"
                                         R"(ViewByScale, ViewByHeightWidth, ViewByBoundingLocations, )"
                                         R"(ViewByBoundingRectangle)"),
                             soaptest::requestError(*makeRoute(mapPointRender, {"op"}), "ConvertToPoint",
                                                    R"({"view":{"MapScale":1},"width":1,"height":1})"));
    }

    void testObjectValues()
    {
        // .NET `object` fields (an untyped Value, an ArrayOfAnyType) take any JSON value and are
        // sent with the xsi:type such a service reads them by.
        const std::string envelope = envelopeOf(
            mapPointFind, "FindByProperty",
            R"({"specification":{"DataSourceName":"MapPoint.NA","Filter":{"EntityTypeName":"Store",)"
            R"("WhereClause":{"SearchProperties":{"Property":[{"Name":"City","Value":"Seattle"},)"
            R"({"Name":"Open","Value":true}]},"SearchOperator":"And"},)"
            R"("Expression":{"Text":"Size > {0}","Parameters":{"anyType":[500,"m2"]}}}}})");
        SOAP_ASSERT_CONTAINS(envelope,
                             R"(<ns1:Property><ns1:Name>City</ns1:Name><ns1:Value xsi:type="xsd:string">)"
                             R"(Seattle</ns1:Value></ns1:Property>)");
        SOAP_ASSERT_CONTAINS(envelope, R"(<ns1:Value xsi:type="xsd:boolean">true</ns1:Value>)");
        SOAP_ASSERT_CONTAINS(envelope,
                             R"(<ns1:Parameters><ns1:anyType xsi:type="xsd:long">500</ns1:anyType>)"
                             R"(<ns1:anyType xsi:type="xsd:string">m2</ns1:anyType></ns1:Parameters>)");
        SOAP_ASSERT_CONTAINS(envelope, R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance")");
        SOAP_ASSERT_CONTAINS(envelope, R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema")");

        // In the reply a Value typed by its xsi:type comes back as that JSON type.
        const std::string json = replyJson(
            mapPointFind, "FindByProperty",
            R"(<FindByPropertyResponse xmlns="http://s.mappoint.net/mappoint-30/"><FindByPropertyResult>)"
            R"(<NumberFound>1</NumberFound><StartIndex>0</StartIndex><Results><FindResult><Score>1</Score>)"
            R"(<FoundLocation><Entity><ID>42</ID><Properties><Property><Name>Size</Name>)"
            R"(<Value xsi:type="xsd:int">740</Value></Property><Property><Name>City</Name>)"
            R"(<Value xsi:type="xsd:string">Seattle</Value></Property></Properties></Entity></FoundLocation>)"
            R"(</FindResult></Results><TopScore>1</TopScore></FindByPropertyResult></FindByPropertyResponse>)");
        SOAP_ASSERT_CONTAINS(json, R"("Properties":{"Property":[{"Name":"Size","Value":740},)"
                                   R"({"Name":"City","Value":"Seattle"}]})");
    }

    void testHeaderWithAnyAttribute()
    {
        // APIAccessHeader's type has xs:anyAttribute: attributes it does not name are passed on.
        const std::string envelope = envelopeOf(
            ferries, "GetAllTerminals",
            R"({"soap:Header":{"APIAccessHeader":{"APIAccessCode":"k3y","@{urn:audit}client":"web"}},)"
            R"("request":{"TripDate":"2026-12-05T00:00:00"}})");
        SOAP_ASSERT_CONTAINS(
            envelope,
            R"(<soap:Header xmlns:h1="http://www.wsdot.wa.gov/ferries/schedule/" xmlns:h2="urn:audit">)"
            R"(<h1:APIAccessHeader h2:client="web"><h1:APIAccessCode>k3y</h1:APIAccessCode></h1:APIAccessHeader>)"
            R"(</soap:Header>)");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicWsdlTest, "soap");
