# CommTCK in a container: docker build -t commtck . && docker run --rm --network host -v "$PWD:/work" commtck run --target http://localhost:8080
# The first stage builds the kit from this checkout with the Maven wrapper; the image runs it on a JRE 21.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q package -DskipTests -pl cli -am

FROM eclipse-temurin:21-jre
COPY --from=build /src/cli/target/commtck.jar /opt/commtck/commtck.jar
# The report and config files live in the folder mounted at /work.
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/commtck/commtck.jar"]
CMD ["--help"]
