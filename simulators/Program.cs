Console.Error.WriteLine("griddispatch-sim: the lamp, handheld and responder simulators arrive with issue 6."); return 2;
