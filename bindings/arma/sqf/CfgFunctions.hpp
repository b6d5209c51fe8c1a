// Include in the mission's description.ext (or an addon's config.cpp) with the sqf files
// copied to <mission>\sonoran\: #include "sonoran\CfgFunctions.hpp". Gives sonoran_fnc_call,
// sonoran_fnc_request, sonoran_fnc_addEventHandler, sonoran_fnc_toJson; init runs at start.
class CfgFunctions {
    class sonoran {
        tag = "sonoran";
        class core {
            file = "sonoran";
            class init { postInit = 1; };
            class onCallback {};
            class request {};
            class call {};
            class addEventHandler {};
            class toJson {};
            class jsonString {};
        };
    };
};
