package io.stoker.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code describe}'s schedule table, from the gateway's {@code schedules} array. */
class ScheduleViewTest {

    @Test
    void eachScheduleIsARowWithItsNextTickAndLastOutcome() throws Exception {
        JsonNode fn = Json.MAPPER.readTree("""
                {"name":"tick","spec":{"name":"tick"},"instances":[],"triggers":[],
                 "schedules":[
                  {"id":"a","cron":"*/5 * * * *","timezone":"Europe/Paris","path":"/tick","overlap":"skip","missed":"once",
                   "firedHere":true,"next":"2026-11-26T16:55:00Z",
                   "last":{"scheduled":"2026-11-26T16:50:00Z","outcome":"fired","callId":"c1","callStatus":"success"}},
                  {"id":"b","cron":"@every 10s","timezone":"UTC","path":"/","overlap":"allow","missed":"skip",
                   "firedHere":false,"next":"2026-11-26T16:50:10Z",
                   "last":{"scheduled":null,"outcome":null,"callId":null,"callStatus":null}}]}
                """);
        List<String> lines = FunctionViews.describe(fn);
        String header = lines.stream().filter(l -> l.startsWith("SCHEDULE")).findFirst().orElseThrow();
        assertThat(header).contains("NEXT").contains("LAST").contains("OUTCOME");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("*/5 * * * *").contains("Europe/Paris")
                .contains("2026-11-26T16:55:00Z").contains("fired").contains("success").contains("yes"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("@every 10s").contains("allow").contains(" no "));
    }

    @Test
    void aFunctionWithoutSchedulesHasNoTable() throws Exception {
        JsonNode fn = Json.MAPPER.readTree("{\"name\":\"x\",\"spec\":{\"name\":\"x\"},\"instances\":[]}");
        assertThat(FunctionViews.describe(fn)).noneMatch(l -> l.startsWith("SCHEDULE"));
    }
}
